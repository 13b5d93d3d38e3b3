import './base.css';
import './patterns.css';
import './course.css';
