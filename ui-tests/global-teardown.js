/** Removes the temporary directories that playwright.config.js created for this run. */
const fs = require('fs');
const path = require('path');

module.exports = async () => {
  for (const dir of (process.env.TINYSCAFFOLD_UI_OWNED_DIRS || '').split(
    path.delimiter
  )) {
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
};
