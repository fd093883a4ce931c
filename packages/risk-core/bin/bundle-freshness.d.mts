/** Whether the bundled CLI in `dir` was built from the current sources under `root` (bundle-freshness.mjs). */
export function bundleIsFresh(dir: URL, root: URL): boolean;
