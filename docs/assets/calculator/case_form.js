// The case form: reading it into a case object, filling it from one (saying which values it cannot
// show), which conditional fields apply, and its field error messages. Presentation only.

export class CaseForm {
  constructor(form) {
    this.form = form;
    this.wraps = [...form.querySelectorAll(".hg-field")];
    // Fields shown only for some answers (INR for warfarin...), parsed once.
    this.conditional = [...form.querySelectorAll("[data-applies-when]")].map((wrap) => [wrap, Object.entries(JSON.parse(wrap.dataset.appliesWhen))]);
    // Questions the plan waits for only while other answers hold (imaging, with a cancer history).
    this.waiting = [...form.querySelectorAll("[data-waits-when]")].map((wrap) => [wrap, Object.entries(JSON.parse(wrap.dataset.waitsWhen))]);
    // A number with an explicit "Not known" beside it: one answer or the other, never both.
    form.addEventListener("input", (event) => {
      const target = /** @type {HTMLInputElement} */ (event.target);
      const wrap = target.closest(".hg-field");
      const box = wrap && /** @type {HTMLInputElement | null} */ (wrap.querySelector("[data-unknown-for]"));
      if (!box) return;
      const number = /** @type {HTMLInputElement} */ (wrap.querySelector("input[type=number]"));
      if (target === box && box.checked) number.value = "";
      else if (target === number && number.value !== "") box.checked = false;
    });
  }

  wrap(name) {
    return this.wraps.find((w) => w.dataset.field === name) || null;
  }

  label(name) {
    const wrap = this.wrap(name);
    const label = wrap && wrap.querySelector("label:not(.hg-checkboxes label), legend");
    return label ? label.textContent.replace(/\s*\(required\)$/, "").trim() : name;
  }

  /** The case as entered: fields that do not apply are left out; a yes/no question not answered is
   * left out when the plan waits for it (required), else sent as null, which the case line names as
   * not entered, so that no unanswered question reads as no. */
  read() {
    /** @type {Record<string, unknown>} */
    const data = {};
    for (const wrap of this.wraps) {
      if (wrap.hidden) continue;
      const name = wrap.dataset.field;
      if (wrap.classList.contains("hg-yesno")) {
        const answer = /** @type {HTMLInputElement | null} */ (wrap.querySelector("input:checked"));
        if (answer) data[name] = answer.value === "true";
        else if (!wrap.querySelector("input[required]")) data[name] = null;
      } else if (wrap.classList.contains("hg-checkboxes")) {
        data[name] = [...wrap.querySelectorAll("input:checked")].map((i) => i.value);
      } else if (wrap.classList.contains("hg-select")) {
        const value = wrap.querySelector("select").value;
        if (value !== "") data[name] = value;
      } else {
        const input = wrap.querySelector("input");
        const unknown = /** @type {HTMLInputElement | null} */ (wrap.querySelector("[data-unknown-for]"));
        if (input.validity.badInput) data[name] = input.value || "not a number";
        else if (input.value.trim() !== "") data[name] = Number(input.value);
        else if (unknown && unknown.checked) data[name] = null; // answered: not known
      }
    }
    return data;
  }

  /** Empty the form, then set what the case gives; returns [{field, message}] for what it cannot show.
   * A case given whole (a link, an example) that leaves out a question the plan waits for is the
   * case the engine evaluates with that field's default, so the default is shown as its answer
   * (a number's default is "not known"). */
  fill(data) {
    this.form.reset();
    const problems = [];
    const whole = Object.keys(data).length > 0;
    if (whole) {
      for (const choices of this.form.querySelectorAll("[data-default]")) {
        const wrap = /** @type {HTMLElement} */ (choices.closest(".hg-field"));
        const given = JSON.parse(/** @type {HTMLElement} */ (choices).dataset.default || "null");
        if ((wrap.dataset.field ?? "") in data) continue;
        if (typeof given === "boolean") this.setYesNo(wrap, given);
        else if (typeof given === "string") /** @type {HTMLSelectElement} */ (choices).value = given;
      }
    }
    for (const [name, value] of Object.entries(data)) {
      const wrap = this.wrap(name);
      if (!wrap) {
        problems.push({ field: null, message: `“${name}” is not a field of this calculator.` });
        continue;
      }
      if (value === null) {
        const unknown = /** @type {HTMLInputElement | null} */ (wrap.querySelector("[data-unknown-for]"));
        if (unknown) unknown.checked = true;
        continue;
      }
      const shown = typeof value === "string" ? `“${value}”` : JSON.stringify(value);
      if (wrap.classList.contains("hg-yesno")) {
        if (typeof value === "boolean") this.setYesNo(wrap, value);
        else problems.push({ field: name, message: `The link gives ${shown}, which is not yes or no.` });
      } else if (wrap.classList.contains("hg-checkboxes")) {
        const boxes = [...wrap.querySelectorAll("input")];
        const known = Array.isArray(value) && value.every((v) => boxes.some((b) => b.value === v));
        if (known) for (const box of boxes) box.checked = value.includes(box.value);
        else problems.push({ field: name, message: `The link gives ${shown}, which is not a list of the choices shown.` });
      } else if (wrap.classList.contains("hg-select")) {
        const select = wrap.querySelector("select");
        const option = typeof value === "string" && [...select.options].find((o) => o.value === value && value !== "");
        if (option) select.value = value;
        else problems.push({ field: name, message: `The link gives ${shown}, which is not one of the choices.` });
      } else if (typeof value === "number" && Number.isFinite(value)) {
        wrap.querySelector("input").value = String(value);
      } else {
        problems.push({ field: name, message: `The link gives ${shown}, which is not a number.` });
      }
    }
    this.applyVisibility();
    if (whole) {
      for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (this.form.querySelectorAll("[data-unknown-for]"))) {
        const wrap = /** @type {HTMLElement} */ (box.closest(".hg-field"));
        if (!wrap.hidden && !((wrap.dataset.field ?? "") in data)) box.checked = true;
      }
    }
    return problems;
  }

  setYesNo(wrap, value) {
    /** @type {HTMLInputElement} */ (wrap.querySelector(`input[value="${value}"]`)).checked = true;
  }

  /** The questions the plan waits for that have no answer yet, by their labels. */
  unanswered() {
    return this.wraps
      .filter((w) => !w.hidden && [...w.querySelectorAll("[required]")].length > 0)
      .filter((w) => {
        const controls = /** @type {(HTMLInputElement | HTMLSelectElement)[]} */ ([...w.querySelectorAll("input, select")]);
        const chosen = (/** @type {any} */ c) => (c.type === "radio" || c.type === "checkbox" ? c.checked : c.value.trim() !== "");
        return !controls.some(chosen);
      })
      .map((w) => this.label(w.dataset.field));
  }

  applyVisibility() {
    for (const [wrap, rule] of this.conditional) {
      const shown = this.holds(rule);
      if (wrap.hidden === shown) wrap.hidden = !shown;
    }
    for (const [wrap, rule] of this.waiting) {
      const needed = this.holds(rule);
      /** @type {HTMLElement} */ (wrap.querySelector(".hg-required")).hidden = !needed;
      for (const control of wrap.querySelectorAll("select, input")) control.toggleAttribute("required", needed);
    }
  }

  /** @param {[string, string[]][]} rule every field has one of its values */
  holds(rule) {
    return rule.every(([field, values]) => values.includes(this.value(field)));
  }

  /** A control's value as the form holds it (a yes/no question gives "true", "false" or ""), for applies-when rules. */
  value(name) {
    return this.form.elements[name].value;
  }

  /** Show the given messages ({field: text}) under their fields; every other field shows none. */
  showErrors(messages) {
    for (const wrap of this.wraps) {
      const name = wrap.dataset.field;
      const box = wrap.querySelector(".hg-error");
      const text = messages[name] || "";
      if (box.textContent !== text) box.textContent = text;
      box.hidden = !text;
      for (const control of wrap.querySelectorAll("input, select")) {
        if (text) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
    }
  }

  /** The field whose control holds the focus, or null. */
  focusedField() {
    const wrap = document.activeElement && document.activeElement.closest && document.activeElement.closest(".hg-field");
    return wrap && this.form.contains(wrap) ? /** @type {HTMLElement} */ (wrap).dataset.field : null;
  }

  /** A value in words, as the form offers it (an option's label, yes/no). */
  words(name, value) {
    const wrap = this.wrap(name);
    if (value === true || value === false) return value ? "yes" : "no";
    if (!wrap) return String(value);
    const option = [...wrap.querySelectorAll("option, input[type=checkbox]")].find((o) => o.value === value);
    if (option) return option.tagName === "OPTION" ? option.textContent.trim() : option.parentElement.textContent.trim();
    return String(value);
  }
}
