// Every action that changes the agent goes through a confirmation dialog (native <dialog>: modal, focus kept
// inside, Esc cancels). A refusal stays in the dialog, in plain words with the server's own message beside it.

import { agentPath, call } from './api.js';
import { el } from './format.js';

const $ = (id) => document.getElementById(id);

export const KILL_PHRASE = 'revoke signing';
export const PROVISION_PHRASE = 'provision signing';

function showError(dialog, error) {
    const box = dialog.querySelector('.dialog-error');
    box.replaceChildren(el('strong', { text: error.message }));
    if (error.serverMessage && error.serverMessage !== error.message) {
        box.append(el('span', { class: 'detail', text: ` Server said: ${error.serverMessage}` }));
    }
    if (error.code) {
        box.append(el('span', { class: 'code mono', text: ` (${error.code})` }));
    }
    box.dataset.code = error.code || '';
    box.hidden = false;
}

function clearError(dialog) {
    const box = dialog.querySelector('.dialog-error');
    box.hidden = true;
    box.replaceChildren();
    box.dataset.code = '';
}

/** Opens a dialog; returns focus to the control that opened it when it closes. */
function open(dialog, focusTarget) {
    const opener = document.activeElement;
    clearError(dialog);
    dialog.showModal();
    (focusTarget || dialog.querySelector('[data-close]')).focus();
    dialog.addEventListener('close', () => opener && opener.focus && opener.focus(), { once: true });
}

/** Runs an action from a dialog button: busy while it runs, closes on success, keeps the dialog on refusal. */
async function run(dialog, button, action) {
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

export function setupActions(ctx) {
    const confirm = $('dlg-confirm');
    const ok = $('dlg-confirm-ok');
    const ack = $('dlg-confirm-ack');
    const check = $('dlg-confirm-check');
    let current = null;

    for (const dialog of document.querySelectorAll('dialog')) {
        dialog.querySelectorAll('[data-close]').forEach((b) => b.addEventListener('click', () => dialog.close()));
    }

    /** A confirmation: title, paragraphs, an optional acknowledgement to tick, and the action itself. */
    function ask({ title, paragraphs, acknowledge = null, label, danger = false, action }) {
        $('dlg-confirm-h').textContent = title;
        $('dlg-confirm-body').replaceChildren(...paragraphs.map((p) => el('p', { class: p.warn ? 'warning' : '', text: p.text || p })));
        ok.textContent = label;
        ok.className = `btn ${danger ? 'btn-danger' : 'btn-primary'}`;
        ack.hidden = !acknowledge;
        check.checked = false;
        if (acknowledge) {
            ack.querySelector('span').textContent = acknowledge;
        }
        ok.disabled = Boolean(acknowledge);
        current = action;
        open(confirm);
    }
    check.addEventListener('change', () => { ok.disabled = !check.checked; });
    ok.addEventListener('click', () => run(confirm, ok, current));

    const promote = (force) => async () => {
        const result = await call('POST', agentPath('/promote'), { force });
        ctx.notify(`The agent is ${result && result.status ? result.status : 'LIVE'}: trading real capital on BSC`
            + `${result && result.first_tx_hash ? `; first transaction ${result.first_tx_hash}` : ''}.`, 'good');
        await ctx.refreshLifecycle();
    };

    $('btn-promote').addEventListener('click', () => ask({
        title: 'Promote to live',
        paragraphs: ['Switch to real capital on BSC.',
            'From now on every fill is a real swap signed through the TWAK signer, within its allowlist and caps. '
            + 'The Risk Engine keeps watching and demotes the agent on a drawdown breach.'],
        label: 'Go live',
        action: promote(false),
    }));

    $('btn-force').addEventListener('click', () => ask({
        title: 'Force promote',
        paragraphs: ['Switch to real capital on BSC before the agent has earned ELIGIBLE.',
            { warn: true, text: 'Warning: the evaluation is not complete. With a smaller sample of trades the expectancy '
                + 'is less reliable, and a bad run costs real money. Force promote disables no risk rule: the Risk Engine '
                + 'and the signer\'s caps still apply.' }],
        acknowledge: 'I have reviewed the trades and the journal myself and accept the risk.',
        label: 'Force promote',
        danger: true,
        action: promote(true),
    }));

    $('btn-demote').addEventListener('click', () => ask({
        title: 'Demote to paper',
        paragraphs: ['Return the agent to paper trading.',
            'Open live positions are closed at market first. The journal and the evaluation go on in paper.'],
        label: 'Demote',
        danger: true,
        action: async () => {
            await call('POST', agentPath('/demote'));
            ctx.notify('Demoted: the agent is paper-trading again.', 'info');
            await ctx.refreshLifecycle();
        },
    }));

    // Kill switch: the confirm button opens only for the exact phrase.
    const kill = $('dlg-kill');
    const phrase = $('kill-phrase');
    const killOk = $('kill-confirm');
    const syncKill = () => { killOk.disabled = phrase.value !== KILL_PHRASE; };
    phrase.addEventListener('input', syncKill);
    const openKill = () => {
        phrase.value = '';
        $('kill-reason').value = '';
        syncKill();
        open(kill, phrase);
    };
    $('btn-kill').addEventListener('click', openKill);
    $('btn-kill-2').addEventListener('click', openKill);
    killOk.addEventListener('click', () => {
        if (phrase.value !== KILL_PHRASE) {
            return;
        }
        run(kill, killOk, async () => {
            const reason = $('kill-reason').value.trim();
            await call('POST', agentPath('/kill-switch'), reason ? { reason } : {});
            // The answer is {"twak_session": "revoked"}; a 2xx means the session is gone whatever else it says.
            ctx.state.signerRevoked = true;
            ctx.renderSigner();
            ctx.notify('Signing revoked. Nothing live can be signed until a new session is provisioned; '
                + 'paper trading goes on.', 'warn');
            await ctx.refreshLifecycle();
        }).finally(syncKill);
    });

    const provision = $('dlg-provision');
    const provisionPhrase = $('provision-phrase');
    const provisionOk = $('provision-confirm');
    const syncProvision = () => { provisionOk.disabled = provisionPhrase.value !== PROVISION_PHRASE; };
    provisionPhrase.addEventListener('input', syncProvision);
    $('btn-provision').addEventListener('click', () => {
        provisionPhrase.value = '';
        syncProvision();
        open(provision, provisionPhrase);
    });
    provisionOk.addEventListener('click', () => run(provision, provisionOk, async () => {
        await call('POST', agentPath('/signer/session'), { confirm: PROVISION_PHRASE });
        ctx.state.signerRevoked = false;
        ctx.notify('A new signing session is provisioned.', 'good');
        await ctx.refreshLifecycle();
    }).finally(syncProvision));

    // Configuration changes.
    $('evalcfg-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const form = event.target;
        if (!form.reportValidity()) {
            return;
        }
        const values = ctx.evaluationFormValues();
        const preset = ctx.presetOf(values);
        const body = preset === 'custom' ? { evaluation_config: values } : { preset };
        const summary = Object.entries(values).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ');
        ask({
            title: 'New evaluation config',
            paragraphs: [`${preset === 'custom' ? 'Custom' : `Preset ${preset}`}: ${summary}.`,
                'This creates a new config version. The current one retires with its record, and the evaluation '
                + 'window starts again from today.'],
            label: 'Create version',
            action: async () => {
                const created = await call('PATCH', agentPath('/config'), body);
                ctx.notify(`Config version ${created.id} is running: ${created.params_summary}.`, 'good');
                await ctx.afterConfigChange();
            },
        });
    });

    $('watch-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const tokens = ctx.chosenTokens();
        if (tokens.length < 1 || tokens.length > 20) {
            ctx.notify('Pick between 1 and 20 tokens (3–5 are recommended).', 'error');
            return;
        }
        ask({
            title: 'New watchlist',
            paragraphs: [`Watch ${tokens.map((t) => `${t}/USDT`).join(', ')}.`,
                'This creates a new config version and sets the signer\'s allowlist to match, with no restart.'],
            label: 'Save watchlist',
            action: async () => {
                const created = await call('PUT', agentPath('/watchlist'), { tokens });
                ctx.notify(`Config version ${created.id} is running: ${created.params_summary}.`, 'good');
                await ctx.afterConfigChange();
            },
        });
    });
}
