// Behaviour that used to sit in inline handlers (onclick=…), which the Content-Security-Policy forbids.
// [data-print]: prints the page; [data-select-on-focus]: selects its text when focused;
// [data-copy-from=ID]: copies the value of #ID and shows its data-done text.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print], [data-copy-from]");
  if (!target) return;
  if (target.hasAttribute("data-print")) {
    window.print();
    return;
  }
  var source = document.getElementById(target.getAttribute("data-copy-from"));
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.value).then(function () {
      target.textContent = target.getAttribute("data-done");
    });
  }
});
document.addEventListener("focusin", function (event) {
  if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-focus")) event.target.select();
});
