// What the panels share besides REST (api.js) and formatting (format.js): the page's own events, the message box,
// a debounce, and saving a new config version.

import { agentPath, call } from './api.js';
import { $, el } from './format.js';

// Events the page announces to its panels, beside the stream's (snapshot, trade, journal_entry, …). A panel lists
// the ones it reacts to in its `events`, exactly like a stream event.

/** The running config was read (ctx.data.config). */
export const CONFIG_LOADED = 'page:config_loaded';
/** Every closed trade was read (ctx.data.trades). */
export const TRADES_LOADED = 'page:trades_loaded';
/** The risk objectives and the evaluation were read (ctx.data.objectives, ctx.data.evaluation). */
export const OBJECTIVES_LOADED = 'page:objectives_loaded';
/**
 * The agent's status or signing session changed (an action on this page, or a status_change on the stream):
 * whatever depends on it reads it again. {signing: 'revoked' | 'active'} when an action changed the session.
 */
export const LIFECYCLE_CHANGED = 'page:lifecycle_changed';
/** A new config version runs (saved on this page, or a CONFIG_CHANGE entry): whatever depends on it reads it again. */
export const CONFIG_CHANGED = 'page:config_changed';

export function notify(message, kind = 'info', detail = null) {
    const box = $('notice');
    box.replaceChildren(el('span', { text: message }));
    if (detail) {
        box.append(el('span', { class: 'detail', text: ` Server said: ${detail}` }));
    }
    box.className = `notice notice-${kind}`;
    box.hidden = false;
    const close = el('button', { type: 'button', class: 'btn btn-small', 'aria-label': 'Dismiss message', text: 'Dismiss' });
    close.addEventListener('click', () => { box.hidden = true; });
    box.append(close);
}

const pending = new Map();

/** Runs fn once, `delay` ms after the last call with the same key; a failure is left to the next reading. */
export function soon(key, fn, delay = 400) {
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => {
        pending.delete(key);
        Promise.resolve().then(fn).catch(() => {});
    }, delay));
}

/** Saves a new config version (PATCH …/config, PUT …/watchlist), says so, and has the panels read it again. */
export async function saveConfigVersion(ctx, method, suffix, body) {
    const created = await call(method, agentPath(suffix), body);
    ctx.notify(`Config version ${created.id} is running: ${created.params_summary}.`, 'good');
    await ctx.announce({ event: CONFIG_CHANGED });
}
