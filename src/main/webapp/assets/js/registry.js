// The dashboard's panels, one module each under panels/, and what walks them: the first load, the stream's events,
// and the catch-up after a reconnection. A panel is an object:
//
//   id         a name, unique on the page
//   events     the stream events (snapshot, trade, journal_entry, …) and page events (page.js) it reacts to
//   onEvent(e, ctx)  its reaction; may return a promise
//   load(ctx)  reads what it shows through REST and renders it
//   catchUp(ctx)     optional: what it reads again after the socket was down (none: it is left as it is)
//   init(ctx)  optional: wires its own controls, once, before any load (may return a promise)
//   late       optional: loads in a second round, once the others have (it renders from their data)
//   failsInto  optional: a selector for where a failed first load is shown
//
// Panels never call each other: what one reads and others render from goes in ctx.data, and the panel that read it
// announces so (page.js: CONFIG_LOADED, TRADES_LOADED, …).

import { notify, soon } from './page.js';
import { el } from './format.js';
import header from './panels/header.js';
import equity from './panels/equity.js';
import objectives from './panels/objectives.js';
import journal from './panels/journal.js';
import trades from './panels/trades.js';
import positions from './panels/positions.js';
import blocks from './panels/blocks.js';
import signer from './panels/signer.js';
import evaluationConfig from './panels/evaluation-config.js';
import watchlist from './panels/watchlist.js';
import versions from './panels/versions.js';
import identity from './panels/identity.js';
import strategy from './panels/strategy.js';

export const PANELS = [header, equity, objectives, journal, trades, positions, blocks, signer, evaluationConfig,
    watchlist, versions, strategy, identity];

/** What every panel is handed: the shared data, the server's capabilities, and the ways to reach the others. */
export function createContext(caps) {
    const ctx = {
        /** What one panel read and others render from: agent, config, trades, objectives, evaluation. */
        data: {},
        /** Whether the server documents this operation (GET /openapi): has('get', '/agents/{id}/evaluation'). */
        has: (method, path) => caps.has(method, path),
        notify,
        soon,
        /** Hands an event (the stream's or the page's) to every panel that lists it; settles when they are done. */
        announce: (event) => Promise.all(PANELS.filter((p) => p.events.includes(event.event))
            .map((p) => p.onEvent(event, ctx))),
    };
    return ctx;
}

/** Every panel's first load: the others, then the late ones; a failed load says so in its panel. */
export async function loadAll(ctx) {
    await Promise.all(PANELS.map((p) => (p.init ? p.init(ctx) : null)));
    const round = async (panels) => {
        const results = await Promise.allSettled(panels.map((p) => p.load(ctx)));
        results.forEach((r, i) => {
            const target = panels[i].failsInto && document.querySelector(panels[i].failsInto);
            if (r.status === 'rejected' && target) {
                target.replaceChildren(el(target.tagName === 'TBODY' ? 'tr' : 'p', { class: 'error', text: r.reason.message }));
            }
        });
    };
    await round(PANELS.filter((p) => !p.late));
    await round(PANELS.filter((p) => p.late));
}

/** After a reconnection: each panel reads again what it may have missed. */
export async function catchUp(ctx) {
    try {
        await Promise.all(PANELS.filter((p) => p.catchUp).map((p) => p.catchUp(ctx)));
        document.body.dataset.caughtUp = String(Date.now());
    } catch (err) {
        notify(`Reconnected, but catching up failed: ${err.message}`, 'error');
    }
}
