// ESLint for every JavaScript file of the project (make check): the browser's modules and classic
// scripts, the worker, and the Node scripts of the build and the tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["docs/assets/pyodide/**", "site/**", "build/**", "node_modules/**", ".venv/**"] },
  js.configs.recommended,
  {
    files: ["docs/assets/**/*.js", "docs/assets/**/*.mjs"],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // Classic scripts: loaded by a <script> tag without type="module".
    files: ["docs/assets/calculator/boot.js", "docs/assets/colour_switch.js", "docs/assets/offline/register.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["build_scripts/**/*.mjs", "tests/**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
];
