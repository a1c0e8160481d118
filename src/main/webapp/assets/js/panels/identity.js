// The on-chain identity card: the agent's ERC-8004 token, its profile and BscScan links, or "Registration pending"
// (with why) until there is one. Only asked for where the server documents GET …/identity.

import { agentPath, get } from '../api.js';
import { $, el } from '../format.js';

async function load(ctx) {
    const body = $('identity-body');
    const pendingCard = (note) => body.replaceChildren(el('p', { class: 'pending', text: 'Registration pending' }),
        el('p', { class: 'muted small', text: note }));
    if (!ctx.has('get', '/agents/{id}/identity')) {
        pendingCard('The agent has no ERC-8004 identity on record on this server yet.');
        return;
    }
    let identity;
    try {
        identity = await get(agentPath('/identity'));
    } catch (e) {
        if (e.status === 404) {
            pendingCard('Registration is one-shot and gas-free; the card fills in once the token exists.');
            return;
        }
        throw e;
    }
    if (!identity || identity.status === 'pending' || !identity.erc8004_token_id) {
        pendingCard((identity && identity.note) || 'Registration is one-shot; the card fills in once the token exists.');
        return;
    }
    const link = (href) => (/^https?:\/\//.test(href || '')
        ? el('a', { href, rel: 'noopener noreferrer', target: '_blank', text: href }) : el('span', { text: href || '—' }));
    body.replaceChildren(el('dl', { class: 'kv' },
        el('div', {}, el('dt', { text: 'Agent' }), el('dd', { text: ctx.data.agent ? ctx.data.agent.name : '—' })),
        el('div', {}, el('dt', { text: 'Token ID (ERC-8004, BSC testnet)' }), el('dd', { class: 'mono', text: identity.erc8004_token_id })),
        el('div', {}, el('dt', { text: 'Profile URI' }), el('dd', {}, link(identity.profile_uri))),
        el('div', {}, el('dt', { text: 'BscScan' }), el('dd', {}, link(identity.bscscan_url)))));
}

export default {
    id: 'identity',
    late: true, // names the agent the header read
    events: [],
    load,
    onEvent() {
        return null;
    },
};
