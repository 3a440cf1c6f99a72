/**
 * What the elements load only when an attempt needs it, behind one function per module, so the
 * standalone build (one file, nothing to load later) can swap in static imports: see
 * `on-demand.standalone.ts`, aliased for this module by vite.config.ts.
 */

/** The per-attempt parameters (`parameters-url`, `prepareParameters`): pages without them never load it. */
export const loadPrepare = () => import('./prepare.js');
