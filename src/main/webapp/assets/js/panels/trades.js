// Closed trades: the table (phase filter, PAPER/LIVE tag, pnl, fees, hold time; each row links to its journal entry)
// and its summary. A closing trade on the stream reads them again.

import { agentPath, get } from '../api.js';
import { $, amount, duration, el, number, price, shortUtc, signedMoney, utc } from '../format.js';
import { TRADES_LOADED } from '../page.js';

async function load(ctx) {
    const phase = $('trades-phase').value;
    const trades = await get(agentPath(`/trades?phase=${encodeURIComponent(phase)}`));
    if (phase === 'all') {
        ctx.data.trades = trades;
        ctx.announce({ event: TRADES_LOADED });
    }
    render(trades);
}

function render(trades) {
    const body = $('trades-table').querySelector('tbody');
    if (!trades.length) {
        body.replaceChildren(el('tr', {}, el('td', { colspan: '7', class: 'muted', text: 'No closed trades yet.' })));
    } else {
        body.replaceChildren(...trades.map((t) => {
            const pnl = t.pnl === null || t.pnl === undefined ? null : Number(t.pnl);
            return el('tr', { id: `trade-${t.id}`, dataset: { id: t.id, journalRef: t.journal_ref || '' } },
                el('td', {}, el('time', { datetime: t.ts, title: utc(t.ts), text: shortUtc(t.ts) })),
                el('td', {}, t.journal_ref
                    ? el('a', { href: `#entry-${t.journal_ref}`, title: 'Show its journal entry', text: t.pair })
                    : el('span', { text: t.pair }),
                el('span', { class: `tag tag-${t.phase}`, text: t.phase === 'live' ? 'LIVE' : 'PAPER' })),
                el('td', { class: 'num', text: amount(t.size) }),
                el('td', { class: 'num', text: price(t.price) }),
                el('td', { class: `num ${pnl > 0 ? 'pos' : pnl < 0 ? 'neg' : ''}`, text: signedMoney(pnl) }),
                el('td', { class: 'num', text: amount(t.fees) }),
                el('td', { text: duration(t.hold_time) }));
        }));
    }
    const wins = trades.filter((t) => Number(t.pnl) > 0).length;
    const net = trades.reduce((sum, t) => sum + Number(t.pnl || 0), 0);
    const fees = trades.reduce((sum, t) => sum + Number(t.fees || 0), 0);
    const figure = (label, value, id) => el('div', {}, el('dt', { text: label }), el('dd', { id, text: value }));
    $('trades-summary').replaceChildren(
        figure('Trades', String(trades.length), 'fig-trades'),
        figure('Win rate', trades.length ? `${Math.round((wins / trades.length) * 100)} %` : '—'),
        figure('Net PnL', `${signedMoney(net)} USDT`),
        figure('Fees', `${number(fees.toFixed(4))} USDT`));
}

export default {
    id: 'trades',
    failsInto: '#trades-table tbody',
    events: ['trade'],
    init(ctx) {
        $('trades-phase').addEventListener('change', () => load(ctx).catch((e) => ctx.notify(e.message, 'error')));
    },
    load,
    catchUp: load,
    onEvent(e, ctx) {
        if (e.pnl !== null && e.pnl !== undefined) { // a round trip closed
            ctx.soon('trades', () => load(ctx));
        }
        return null;
    },
};
