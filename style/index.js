import './base.css';
import './patterns.css';
