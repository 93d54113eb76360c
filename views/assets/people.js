/* global document, window, FileReader */
// Progressive enhancement for the people pages; every page works without it.
// A file input fills the CSV textarea it names (data-fills), so the import needs no multipart upload.
document.querySelectorAll('input[type="file"][data-fills]').forEach((input) => {
  const wrapper = input.closest('.js-only');
  if (wrapper) wrapper.hidden = false;
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    const target = document.getElementById(input.dataset.fills);
    if (!file || !target) return;
    if (file.size > 150000) {
      window.alert('That file is larger than 150 KB; split it into smaller files.');
      input.value = '';
      return;
    }
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      target.value = String(reader.result);
    });
    reader.readAsText(file);
  });
});
