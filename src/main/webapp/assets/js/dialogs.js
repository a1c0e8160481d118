// Every action that changes the agent goes through a confirmation dialog (native <dialog>: modal, focus kept
// inside, Esc cancels). A refusal stays in the dialog, in plain words with the server's own message beside it.

import { $, el } from './format.js';

/** A refusal in `box`: the plain words, then `details` (if any), the server's own message and the code. */
export function renderRefusal(box, error, ...details) {
    box.replaceChildren(el('strong', { text: error.message }), ...details.filter(Boolean));
    if (error.serverMessage && error.serverMessage !== error.message) {
        box.append(el('span', { class: 'detail', text: ` Server said: ${error.serverMessage}` }));
    }
    if (error.code) {
        box.append(el('span', { class: 'code mono', text: ` (${error.code})` }));
    }
    box.dataset.code = error.code || '';
    box.hidden = false;
}

function showError(dialog, error) {
    renderRefusal(dialog.querySelector('.dialog-error'), error);
}

function clearError(dialog) {
    const box = dialog.querySelector('.dialog-error');
    box.hidden = true;
    box.replaceChildren();
    box.dataset.code = '';
}

/** Opens a dialog; returns focus to the control that opened it when it closes. */
export function open(dialog, focusTarget) {
    const opener = document.activeElement;
    clearError(dialog);
    dialog.showModal();
    (focusTarget || dialog.querySelector('[data-close]')).focus();
    dialog.addEventListener('close', () => opener && opener.focus && opener.focus(), { once: true });
}

/** Runs an action from a dialog button: busy while it runs, closes on success, keeps the dialog on refusal. */
export async function run(dialog, button, action) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
        await action();
        dialog.close();
    } catch (e) {
        showError(dialog, e);
    } finally {
        button.removeAttribute('aria-busy');
        button.disabled = false;
    }
}

let current = null; // the action the confirmation dialog runs on Confirm

/** Wires the dialogs' own buttons, once. */
export function setupDialogs() {
    for (const dialog of document.querySelectorAll('dialog')) {
        dialog.querySelectorAll('[data-close]').forEach((b) => b.addEventListener('click', () => dialog.close()));
    }
    const check = $('dlg-confirm-check');
    const ok = $('dlg-confirm-ok');
    check.addEventListener('change', () => { ok.disabled = !check.checked; });
    ok.addEventListener('click', () => run($('dlg-confirm'), ok, current));
}

/** A confirmation: title, paragraphs, an optional acknowledgement to tick, and the action itself. */
export function ask({ title, paragraphs, acknowledge = null, label, danger = false, action }) {
    const ok = $('dlg-confirm-ok');
    const ack = $('dlg-confirm-ack');
    $('dlg-confirm-h').textContent = title;
    $('dlg-confirm-body').replaceChildren(...paragraphs.map((p) => el('p', { class: p.warn ? 'warning' : '', text: p.text || p })));
    ok.textContent = label;
    ok.className = `btn ${danger ? 'btn-danger' : 'btn-primary'}`;
    ack.hidden = !acknowledge;
    $('dlg-confirm-check').checked = false;
    if (acknowledge) {
        ack.querySelector('span').textContent = acknowledge;
    }
    ok.disabled = Boolean(acknowledge);
    current = action;
    open($('dlg-confirm'));
}
