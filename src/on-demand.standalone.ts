/**
 * `on-demand.ts` for the standalone file, which is one file: the modules are in it already, so
 * they are imported statically (an inlined dynamic import costs bundlers' lazy-module wrappers,
 * about 180 B gzip, and its namespace object about 100 B more).
 */
import type { loadPrepare as loadOnDemand } from './on-demand.js';
import { prepareParameters } from './prepare.js';

export const loadPrepare: typeof loadOnDemand = async () => ({ prepareParameters });
