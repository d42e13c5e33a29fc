// Activity ledger form: a search result adds "name #id" to the participants (or sets the linked organisation).
document.addEventListener("click", function (event) {
  const button = event.target.closest(".org-add, .org-link");
  if (!button) return;
  const form = document.getElementById("ledger-form");
  if (!form) return;
  const line = button.dataset.line;
  if (button.classList.contains("org-link")) {
    form.elements.organisation.value = line;
    form.elements.organisation.focus();
    return;
  }
  const box = form.elements.participants;
  const lines = box.value.split("\n").map((l) => l.trim()).filter(Boolean);
  if (!lines.includes(line)) lines.push(line);
  box.value = lines.join("\n");
  button.setAttribute("aria-pressed", "true");
  document.getElementById("org-search").focus();
});
// Enter in the search box searches; it never submits the record.
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.id === "org-search") event.preventDefault();
});
