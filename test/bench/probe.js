// @ts-check
// The bench's probe on an opener page, loaded before anything else: records every window.open call,
// how long after the click's dispatch began it came, and whether it came in the click's own task.
// A capture listener on window sees the click first and sets a flag; a MessageChannel task,
// queued then, clears it. Tasks never interleave, so a window.open that sees the flag still set ran
// in the click's task (its microtasks included), not after an await on a fetch or a timer.
// Kept in sessionStorage, which outlives a partner page that reloads itself with the result.
(() => {
  let clickAt = -1;
  let inClickTask = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => (inClickTask = false);
  addEventListener(
    'click',
    () => {
      clickAt = performance.now();
      inClickTask = true;
      channel.port2.postMessage(0);
    },
    true,
  );
  const open = window.open;
  window.open = function (...args) {
    const opens = JSON.parse(sessionStorage.getItem('bench:opens') || '[]');
    opens.push({ ms: performance.now() - clickAt, sameTask: inClickTask, afterClick: clickAt >= 0 });
    sessionStorage.setItem('bench:opens', JSON.stringify(opens));
    return open.apply(this, args);
  };
})();
