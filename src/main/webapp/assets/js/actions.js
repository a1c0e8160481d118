// The agent's lifecycle actions, each confirmed in a dialog (dialogs.js): promote, force promote, demote, the kill
// switch (whose button opens only for the exact phrase) and provisioning a new signing session after it. The
// panels read again what an action changed (page.js: LIFECYCLE_CHANGED).

import { agentPath, call } from './api.js';
import { ask, open, run } from './dialogs.js';
import { $ } from './format.js';
import { LIFECYCLE_CHANGED } from './page.js';

export const KILL_PHRASE = 'revoke signing';
export const PROVISION_PHRASE = 'provision signing';

export function setupActions(ctx) {
    const refresh = (signing) => ctx.announce({ event: LIFECYCLE_CHANGED, signing })
        .catch((err) => ctx.notify(err.message, 'error'));

    const promote = (force) => async () => {
        const result = await call('POST', agentPath('/promote'), { force });
        ctx.notify(`The agent is ${result && result.status ? result.status : 'LIVE'}: trading real capital on BSC`
            + `${result && result.first_tx_hash ? `; first transaction ${result.first_tx_hash}` : ''}.`, 'good');
        await refresh();
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
            await refresh();
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
            ctx.notify('Signing revoked. Nothing live can be signed until a new session is provisioned; '
                + 'paper trading goes on.', 'warn');
            await refresh('revoked');
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
        ctx.notify('A new signing session is provisioned.', 'good');
        await refresh('active');
    }).finally(syncProvision));
}
