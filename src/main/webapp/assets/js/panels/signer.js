// The risk desk's physics side: the TWAK signer's policy (allowlist, caps, slippage, what is used today) and its
// session — "Revoked" after the kill switch, with the button to provision a new one. From GET …/signer where the
// server has it, else from the config's twak_policy.

import { agentPath, get } from '../api.js';
import { $, el, money, percent, utc } from '../format.js';
import { CONFIG_CHANGED, CONFIG_LOADED, LIFECYCLE_CHANGED } from '../page.js';

let signer = null;
let revoked = false;

async function load(ctx) {
    if (ctx.has('get', '/agents/{id}/signer')) {
        signer = await get(agentPath('/signer')).catch(() => null);
        if (signer && signer.session) {
            revoked = signer.session === 'revoked';
        }
    }
    render(ctx);
}

function render(ctx) {
    const policy = { ...(ctx.data.config && ctx.data.config.twak_policy), ...(signer || {}) };
    const chip = $('signer-session');
    if (revoked) {
        chip.textContent = 'Revoked';
        chip.className = 'chip chip-bad';
    } else if (signer && signer.session) {
        chip.textContent = signer.session === 'active' ? 'Session active' : signer.session;
        chip.className = 'chip chip-good';
    } else {
        chip.textContent = 'Session: not reported yet';
        chip.className = 'chip chip-neutral';
    }
    chip.dataset.session = revoked ? 'revoked' : (signer && signer.session) || '';
    $('btn-provision').hidden = !revoked;
    const rows = [];
    const add = (label, value) => rows.push(el('div', {}, el('dt', { text: label }), el('dd', { text: value })));
    if (policy.allowlist) add('Allowlist', policy.allowlist.join(', '));
    const perTrade = policy.per_trade_cap_usdt ?? policy.per_trade_cap;
    const daily = policy.daily_cap_usdt ?? policy.daily_cap;
    if (perTrade !== undefined) add('Per-trade cap', money(perTrade));
    if (daily !== undefined) add('Daily cap', money(daily));
    const used = policy.daily_used_usdt ?? policy.daily_used;
    if (used !== undefined) add('Used today', money(used));
    const slippage = policy.max_slippage_pct;
    if (slippage !== undefined) add('Max slippage', percent(slippage));
    if (revoked && policy.revoked_reason) add('Revoked because', policy.revoked_reason);
    if (policy.session_changed_at) add('Session since', utc(policy.session_changed_at));
    $('twak-policy').replaceChildren(...rows);
}

export default {
    id: 'signer',
    late: true,
    // a new watchlist is also the signer's new allowlist
    events: [CONFIG_LOADED, CONFIG_CHANGED, LIFECYCLE_CHANGED],
    load,
    catchUp: load,
    onEvent(e, ctx) {
        if (e.event === CONFIG_LOADED) {
            render(ctx);
            return null;
        }
        if (e.signing) { // the page itself just revoked or provisioned the session: "Revoked" shows at once
            revoked = e.signing === 'revoked';
            if (revoked) {
                render(ctx);
            }
        }
        return load(ctx);
    },
};
