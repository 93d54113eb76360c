/* global document, window */
// Live progress of a solve: polls the job's JSON progress once a second and updates the page;
// when the solve is done it opens the new schedule. Without JavaScript the page has a Refresh link.
(function () {
  const box = document.getElementById('solve-progress');
  if (!box) return;
  const url = box.getAttribute('data-progress-url');
  const active = (s) => s === 'QUEUED' || s === 'RUNNING';
  if (!url || !active(box.getAttribute('data-status'))) return;
  const field = (name) => box.querySelector('[data-field="' + name + '"]');
  const label = (s) => s.charAt(0) + s.slice(1).toLowerCase();
  const ordinal = (n) => {
    const tens = n % 100;
    return n + (tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] || 'th');
  };
  const refresh = box.querySelector('[data-refresh]');
  if (refresh) refresh.hidden = true;

  async function poll() {
    let data;
    try {
      const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      data = await res.json();
    } catch {
      if (refresh) refresh.hidden = false;
      setTimeout(poll, 3000);
      return;
    }
    const status = field('status');
    status.textContent = label(data.status);
    const queue = field('queue');
    if (queue) queue.textContent = data.queuePosition ? ordinal(data.queuePosition) + ' in line' : '';
    status.className = 'badge job-' + data.status.toLowerCase();
    let elapsed = (data.elapsedMs / 1000).toFixed(1) + ' s';
    if (data.timeLimitMs) elapsed += ' of at most ' + Math.round(data.timeLimitMs / 1000) + ' s';
    field('elapsed').textContent = elapsed;
    const bar = field('bar');
    if (bar && data.timeLimitMs) bar.value = Math.min(data.elapsedMs, data.timeLimitMs);
    if (bar && !active(data.status)) bar.hidden = true;
    field('objective').textContent =
      data.bestObjective === null ? '—' : Number(data.bestObjective).toFixed(2);
    field('engine').textContent = data.engine || '—';
    field('message').textContent = data.message || '';
    if (data.error) {
      field('error').textContent = data.error;
      field('error').hidden = false;
    }
    if (active(data.status)) {
      setTimeout(poll, 1000);
      return;
    }
    const cancel = box.querySelector('[data-cancel-form]');
    if (cancel) cancel.hidden = true;
    if (data.scheduleUrl) {
      const link = field('result');
      link.href = data.scheduleUrl;
      link.hidden = false;
      window.location.assign(data.scheduleUrl);
    }
  }
  setTimeout(poll, 500);
})();
