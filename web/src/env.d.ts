// esbuild bundles the stylesheet imported by main.ts into its own file beside the script.
declare module '*.css';
