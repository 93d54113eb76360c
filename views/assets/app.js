// Progressive enhancement only: every page works without this file.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});

// Menus built on <details> close when you click elsewhere or press Escape.
document.addEventListener('click', (event) => {
  for (const menu of document.querySelectorAll('details.nav-group[open]')) {
    if (!menu.contains(event.target)) menu.removeAttribute('open');
  }
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  for (const menu of document.querySelectorAll('details.nav-group[open]')) menu.removeAttribute('open');
});
