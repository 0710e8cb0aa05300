// The API's refusal of a form, shown where the user looks: each field's message beside that field
// (named by `body.<field>` in the answer's issues), anything else in the form's alert box.

export function clearErrors(form, box) {
  box.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const note = document.getElementById(`${control.id}-error`);
    if (note) note.textContent = '';
  }
}

export function showErrors(form, box, failure) {
  const unplaced = [];
  for (const issue of failure.issues ?? []) {
    const name = issue.field.replace(/^body\./, '').split('.')[0];
    const control = name ? form.elements.namedItem(name) : null;
    const note = control?.id ? document.getElementById(`${control.id}-error`) : null;
    if (!note) {
      unplaced.push(issue.message);
      continue;
    }
    control.setAttribute('aria-invalid', 'true');
    note.textContent = note.textContent ? `${note.textContent}; ${issue.message}` : issue.message;
  }
  const placed = (failure.issues ?? []).length - unplaced.length;
  // Where the correction starts: the first marked field, which may be scrolled out of sight.
  form.querySelector('[aria-invalid="true"]')?.focus();
  const lead = placed > 0 ? 'Check the marked fields.' : failure.message;
  box.textContent = [lead, ...unplaced].join(' ');
}
