// @ts-check
// First script on a redirect page. Stores, for the opener (same origin), under the run's ID:
//   bench:start:ID   this page's navigation start (performance.timeOrigin, ms since the epoch),
//                    written before any module loads;
//   bench:first:ID   when this first script ran: navigation start → here is the browser's share
//                    (request, commit, parsing up to the first script), work no page script does;
//   bench:posted:ID  when the page asked to close, right after posting the hand-back (both the
//                    guide's snippet and the elements post, then call window.close()).
(() => {
  const query = new URLSearchParams(location.search);
  const run = query.get('run');
  if (!run || !query.has('client') || !window.opener) return;
  localStorage.setItem(`bench:start:${run}`, String(performance.timeOrigin));
  localStorage.setItem(`bench:first:${run}`, String(performance.timeOrigin + performance.now()));
  const close = window.close;
  window.close = function () {
    localStorage.setItem(`bench:posted:${run}`, String(performance.timeOrigin + performance.now()));
    close.call(this);
  };
})();
