// Task boards, progressive enhancement: drag a card to another column, or move it from the
// keyboard (Space picks it up, ←/→ choose a column, Enter drops, Escape cancels). Both post to
// the same /tasks/:id/move endpoint as the no-JavaScript buttons, so the server's transition
// rules and version check decide; the page then reloads to show the server's truth.
(function () {
  'use strict';
  var board = document.querySelector('.board-columns');
  if (!board) return;
  var csrf = board.getAttribute('data-csrf');
  var live = document.getElementById('board-live');
  var columns = Array.prototype.slice.call(board.querySelectorAll('.board-col'));

  function announce(text) {
    if (live) live.textContent = text;
  }

  function toast(kind, text, link) {
    var old = document.querySelector('.board-toast');
    if (old) old.remove();
    var box = document.createElement('div');
    box.className = 'flash flash-' + kind + ' board-toast';
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    box.textContent = text + ' ';
    if (link) {
      var a = document.createElement('a');
      a.href = link;
      a.textContent = 'Open the card';
      box.appendChild(a);
    }
    document.body.appendChild(box);
  }

  function allowed(card) {
    return (card.getAttribute('data-next') || '').split(',').filter(Boolean);
  }

  function labelOf(column) {
    var h = column.querySelector('h2');
    return h ? h.firstChild.textContent.trim() : column.getAttribute('data-status');
  }

  function move(card, column) {
    var to = column.getAttribute('data-status');
    var title = card.getAttribute('data-title');
    if (to === card.getAttribute('data-status')) return;
    if (allowed(card).indexOf(to) === -1) {
      var names = allowed(card).map(function (code) {
        var col = board.querySelector('.board-col[data-status="' + code + '"]');
        return col ? labelOf(col) : code;
      });
      var msg =
        '“' +
        title +
        '” cannot move to ' +
        labelOf(column) +
        (names.length ? '; it can move only to ' + names.join(' or ') + '.' : '; it is finished.');
      toast('error', msg);
      announce(msg);
      return;
    }
    card.setAttribute('aria-busy', 'true');
    fetch('/tasks/' + card.getAttribute('data-task-id') + '/move', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ to: to, version: card.getAttribute('data-version') }),
    })
      .then(function (res) {
        return res.json().then(function (body) {
          return { status: res.status, body: body };
        });
      })
      .then(function (r) {
        card.removeAttribute('aria-busy');
        if (r.status === 200) {
          announce(r.body.message);
          window.location.reload();
          return;
        }
        if (r.status === 409) {
          toast('error', r.body.error + ' It is now in ' + r.body.card.statusLabel + '. Reloading…');
          announce(r.body.error);
          window.setTimeout(function () {
            window.location.reload();
          }, 2500);
          return;
        }
        toast(
          'error',
          r.body.error || 'The card could not be moved.',
          r.body.url ? r.body.url + '#move-' + to : null,
        );
        announce(r.body.error || 'The card could not be moved.');
      })
      .catch(function () {
        card.removeAttribute('aria-busy');
        toast('error', 'The move did not reach the server. Check the connection and try again.');
      });
  }

  // Drag and drop
  var dragged = null;
  board.addEventListener('dragstart', function (e) {
    var card = e.target.closest && e.target.closest('.task-card');
    if (!card) return;
    dragged = card;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', card.getAttribute('data-task-id'));
  });
  board.addEventListener('dragend', function () {
    dragged = null;
    columns.forEach(function (c) {
      c.classList.remove('drop-target', 'drop-refused');
    });
  });
  columns.forEach(function (col) {
    col.addEventListener('dragover', function (e) {
      if (!dragged) return;
      e.preventDefault();
      var ok = allowed(dragged).indexOf(col.getAttribute('data-status')) !== -1;
      col.classList.toggle('drop-target', ok);
      col.classList.toggle('drop-refused', !ok);
    });
    col.addEventListener('dragleave', function () {
      col.classList.remove('drop-target', 'drop-refused');
    });
    col.addEventListener('drop', function (e) {
      e.preventDefault();
      col.classList.remove('drop-target', 'drop-refused');
      if (dragged) move(dragged, col);
    });
  });

  // Keyboard: pick up, choose a column, drop
  var grabbed = null;
  var targetIndex = -1;
  function highlight() {
    columns.forEach(function (c, i) {
      var ok = grabbed && allowed(grabbed).indexOf(c.getAttribute('data-status')) !== -1;
      c.classList.toggle('drop-target', i === targetIndex && ok);
      c.classList.toggle('drop-refused', i === targetIndex && !ok);
    });
  }
  function release() {
    if (grabbed) grabbed.classList.remove('is-grabbed');
    grabbed = null;
    targetIndex = -1;
    highlight();
  }
  board.addEventListener('keydown', function (e) {
    var card = e.target.classList && e.target.classList.contains('task-card') ? e.target : null;
    if (!card) return;
    if (!grabbed && (e.key === ' ' || e.key === 'Spacebar')) {
      e.preventDefault();
      if (allowed(card).length === 0) {
        announce('“' + card.getAttribute('data-title') + '” is finished and cannot move.');
        return;
      }
      grabbed = card;
      card.classList.add('is-grabbed');
      targetIndex = columns.indexOf(card.closest('.board-col'));
      highlight();
      announce(
        'Picked up “' +
          card.getAttribute('data-title') +
          '”. Use left and right arrows to choose a column, Enter to drop, Escape to cancel.',
      );
      return;
    }
    if (grabbed !== card) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      targetIndex = Math.max(
        0,
        Math.min(columns.length - 1, targetIndex + (e.key === 'ArrowRight' ? 1 : -1)),
      );
      highlight();
      var col = columns[targetIndex];
      var ok = allowed(card).indexOf(col.getAttribute('data-status')) !== -1;
      announce(labelOf(col) + (ok ? '' : ' (not allowed from here)'));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      var target = columns[targetIndex];
      release();
      move(card, target);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      release();
      announce('Move cancelled.');
    }
  });
})();
