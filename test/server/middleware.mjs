// @ts-check
/**
 * The test server's own answers, mounted by web-test-runner.config.mjs (and by check-stand-in.mjs,
 * which checks what it sends): the tests' endpoints, then the stand-in hub and backend.
 */
import { standIn } from '../../demo/stand-in-server.mjs';
import { testEndpoints } from './endpoints.mjs';

/** @type {import('@web/dev-server-core').Middleware} */
export async function testServerMiddleware(ctx, next) {
  if (await testEndpoints(ctx.req, ctx.res)) return void (ctx.respond = false);
  if (await standIn(ctx.req, ctx.res)) return void (ctx.respond = false);
  // standIn may have rewritten a hub address to its page
  ctx.url = ctx.req.url ?? ctx.url;
  await next();
}
