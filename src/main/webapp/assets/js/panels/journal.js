// The journal: newest first, a chip per type, a filter by type, older pages on demand. Entries arrive on the stream
// (journal_entry); after a reconnection, everything newer than the newest entry seen is read through REST. An entry
// that booked a trade links to its row in the trades table.

import { agentPath, get } from '../api.js';
import { $, el, utc } from '../format.js';
import { CONFIG_CHANGED, TRADES_LOADED } from '../page.js';

const PAGE = 50;
const KEEP = 400;

/** A chip's tone for each journal type (JournalType.java; JournalTypeTest keeps the two lists equal). */
const TYPE_TONES = {
    SERVER_START: 'neutral', AGENT_CREATED: 'neutral', CONFIG_CHANGE: 'accent', EXECUTED: 'good', SKIPPED: 'muted',
    RISK_VETO: 'warn', RISK_BREACH: 'bad', TWAK_BLOCK: 'warn', STATUS_CHANGE: 'info', KILL: 'bad',
    SIGNER_SESSION: 'info', LIVE_SKIPPED: 'muted', LIVE_TX_FAILED: 'bad', RECONCILE_MISMATCH: 'bad',
    RECONCILED: 'good', IDENTITY: 'info', CYCLE_FAILED: 'bad',
};

const entries = new Map();
let newestId = null;
let oldestId = null;
let linked = ''; // the trades the feed links to, as last rendered

function item(entry, ctx) {
    const tone = TYPE_TONES[entry.type] || 'neutral';
    const tags = (entry.tags || []).filter((t) => t !== entry.type);
    const trade = (ctx.data.trades || []).find((t) => t.journal_ref === entry.id);
    return el('li', { class: 'entry', id: `entry-${entry.id}`, tabindex: '-1', dataset: { id: entry.id, type: entry.type } },
        el('div', { class: 'entry-head' },
            el('span', { class: `chip chip-${tone}`, text: entry.type }),
            el('time', { datetime: entry.ts, text: utc(entry.ts) }),
            tags.length ? el('span', { class: 'tags muted', text: tags.join(' · ') }) : null,
            trade ? el('a', { href: `#trade-${trade.id}`, class: 'small', text: 'trade row' }) : null,
            // Who asked for it (a person's request); absent when the agent acted by itself.
            entry.actor ? el('span', { class: 'small muted entry-actor', text: `by ${entry.actor}`
                + (entry.origin ? ` from ${entry.origin}` : '') }) : null),
        el('p', { class: 'entry-body', text: entry.body }));
}

function passesFilter(entry) {
    const type = $('journal-filter').value;
    return !type || entry.type === type;
}

function rememberType(type) {
    const select = $('journal-filter');
    if (![...select.options].some((o) => o.value === type)) {
        select.append(el('option', { value: type, text: type }));
    }
}

/** Adds entries (any order) to the feed, newest first; returns how many were new. */
function add(page, ctx, { older = false } = {}) {
    const feed = $('journal-feed');
    let added = 0;
    const sorted = [...page].sort((a, b) => (a.id < b.id ? 1 : -1));
    for (const entry of sorted) {
        if (entries.has(entry.id)) {
            continue;
        }
        entries.set(entry.id, entry);
        rememberType(entry.type);
        added += 1;
        if (!newestId || entry.id > newestId) {
            newestId = entry.id;
        }
        if (!oldestId || entry.id < oldestId) {
            oldestId = entry.id;
        }
        if (!passesFilter(entry)) {
            continue;
        }
        const node = item(entry, ctx);
        const after = [...feed.children].find((li) => li.dataset.id < entry.id);
        feed.insertBefore(node, after || null);
        if (!older && added <= 3) {
            node.classList.add('fresh');
        }
    }
    while (!older && feed.children.length > KEEP) {
        feed.lastElementChild.remove();
    }
    return added;
}

function render(ctx) {
    const shown = [...entries.values()].filter(passesFilter).sort((a, b) => (a.id < b.id ? 1 : -1));
    $('journal-feed').replaceChildren(...shown.slice(0, KEEP).map((entry) => item(entry, ctx)));
}

async function load(ctx) {
    const page = await get(agentPath(`/journal?limit=${PAGE}`));
    add(page, ctx, { older: true });
    $('journal-older').hidden = page.length < PAGE;
}

async function loadOlder(ctx) {
    const type = $('journal-filter').value;
    const query = `limit=${PAGE}&before=${encodeURIComponent(oldestId)}`
        + (type ? `&type=${encodeURIComponent(type)}` : '');
    const page = await get(agentPath(`/journal?${query}`));
    add(page, ctx, { older: true });
    $('journal-older').hidden = page.length < PAGE;
}

/** Everything newer than the newest entry seen, page by page (the journal pages newest first). */
async function catchUp(ctx) {
    const known = newestId;
    let before = null;
    for (let pages = 0; pages < 20; pages++) {
        const page = await get(agentPath(`/journal?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`));
        add(page.filter((e) => !known || e.id > known), ctx);
        if (page.length < 100 || !known || page[page.length - 1].id <= known) {
            return;
        }
        before = page[page.length - 1].id;
    }
}

export default {
    id: 'journal',
    failsInto: '#journal-feed',
    events: ['journal_entry', TRADES_LOADED],
    init(ctx) {
        $('journal-filter').addEventListener('change', () => render(ctx));
        $('journal-older').addEventListener('click', () => loadOlder(ctx).catch((e) => ctx.notify(e.message, 'error')));
    },
    load,
    catchUp,
    onEvent(e, ctx) {
        if (e.event === TRADES_LOADED) { // a new trade row to link to: the feed is drawn again
            const now = (ctx.data.trades || []).map((t) => t.id).sort().join();
            if (now !== linked) {
                linked = now;
                render(ctx);
            }
            return null;
        }
        add([e], ctx);
        if (e.type === 'CONFIG_CHANGE') {
            ctx.soon(CONFIG_CHANGED, () => ctx.announce({ event: CONFIG_CHANGED }));
        }
        return null;
    },
};
