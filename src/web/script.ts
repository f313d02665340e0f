/**
 * The dashboard's own script (/app/assets/app.js): conveniences only, every page works without it.
 * - [data-copy]: a button that copies the value of the element whose id it names.
 */
export const APP_JS = `
document.addEventListener('click', function (event) {
  var button = event.target.closest && event.target.closest('[data-copy]');
  if (!button) return;
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.value || source.textContent || '').then(function () {
    button.textContent = 'Copied';
  });
});
`;
