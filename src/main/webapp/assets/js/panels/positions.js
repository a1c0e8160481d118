// Open positions: what the agent holds now, valued at the mid. Any trade on the stream reads them again.

import { agentPath, get } from '../api.js';
import { $, el, money, number, price, signedMoney } from '../format.js';

async function load() {
    const positions = await get(agentPath('/positions'));
    $('positions').replaceChildren(...(positions.length ? positions.map((p) => el('li', {},
        el('strong', { text: p.pair }), ` ${number(p.quantity)} at ${price(p.entry_price)} · value ${money(p.value)} · `,
        el('span', { class: Number(p.unrealised_pnl) >= 0 ? 'pos' : 'neg', text: `${signedMoney(p.unrealised_pnl)} unrealised` }),
        el('span', { class: `tag tag-${p.phase}`, text: p.phase === 'live' ? 'LIVE' : 'PAPER' })))
        : [el('li', { class: 'muted', text: 'Flat: everything is in USDT.' })]));
}

export default {
    id: 'positions',
    failsInto: '#positions',
    events: ['trade'],
    load,
    catchUp: load,
    onEvent(e, ctx) {
        ctx.soon('positions', load);
        return null;
    },
};
