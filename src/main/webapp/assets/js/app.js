// The dashboard: REST seeds every section, the WebSocket keeps it live, and after a reconnect REST catches up on
// whatever the socket missed.

import { AGENT, agentPath, capabilities, get, signIn } from './api.js';
import { EquityChart } from './chart.js';
import { setupActions } from './actions.js';
import { Stream } from './stream.js';
import {
    ago, amount, duration, el, fraction, money, number, percent, price, ruleName, shortUtc, signedMoney, utc,
} from './format.js';

const $ = (id) => document.getElementById(id);

export const BADGES = {
    PAPER: 'Forward testing',
    ELIGIBLE: 'Ready for live — your call',
    LIVE: 'Live on BSC',
};

// The evaluation presets, as the server defines them (GET …/config/presets): name → evaluation config.
const PRESETS = {};
const EVAL_FIELDS = ['max_drawdown_pct', 'daily_drawdown_pct', 'max_consecutive_losses', 'eval_window_days',
    'trade_floor'];
const JOURNAL_PAGE = 50;
const JOURNAL_KEEP = 400;

const state = {
    caps: null,
    agent: null,
    config: null,
    evaluation: null,
    objectives: [],
    trades: [],
    signer: null,
    signerRevoked: false,
    demotionRule: null,
    journal: new Map(),
    newestJournalId: null,
    oldestJournalId: null,
    lastSnapshot: null,
};

const chart = new EquityChart($('equity-chart'));

// --- helpers -------------------------------------------------------------------------------------------------

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
function soon(key, fn, delay = 400) {
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => { pending.delete(key); fn(); }, delay));
}

function has(method, path) {
    return state.caps && state.caps.has(method, path);
}

// --- header --------------------------------------------------------------------------------------------------

export function badgeText(status, rule) {
    if (status === 'DEMOTED') {
        return `Paper-trading — live paused, ${ruleName(rule)} breached`;
    }
    return BADGES[status] || status || 'Unknown';
}

function renderAgent() {
    const agent = state.agent;
    if (!agent) {
        return;
    }
    const rule = agent.demotion_rule || (agent.demotion && agent.demotion.rule) || state.demotionRule;
    const badge = $('status-badge');
    badge.textContent = badgeText(agent.status, rule);
    badge.dataset.status = agent.status;
    badge.className = `badge badge-${String(agent.status).toLowerCase()}`;
    const relock = agent.demotion && agent.demotion.relock_until;
    badge.title = agent.status === 'DEMOTED'
        ? (relock ? `Live resumes by itself at ${utc(relock)}` : 'Live resumes only when you promote again')
        : `Status ${agent.status}`;
    $('status-subpill').hidden = agent.status !== 'DEMOTED';
    $('agent-name').textContent = `${agent.name} · ${agent.id} · ${agent.market_mode}`;
    $('phase').textContent = agent.phase;
    $('phase').dataset.phase = agent.phase;
    renderHeartbeat();
    const live = agent.status === 'LIVE';
    $('btn-promote').disabled = live;
    $('btn-force').disabled = live;
    $('btn-demote').disabled = !live;
    $('btn-promote').title = live ? 'Already live' : 'Promote to live trading on BSC';
    $('btn-demote').title = live ? 'Return to paper trading' : 'Only a live agent can be demoted';
}

function renderHeartbeat() {
    const beat = state.agent && state.agent.last_heartbeat;
    const node = $('heartbeat');
    if (beat !== state.beat) { // when the page saw it advance: the demo's clock runs ahead of this one
        state.beat = beat;
        state.beatSeenAt = Date.now();
    }
    const ahead = beat && new Date(beat).getTime() > Date.now();
    node.textContent = ahead ? ago(state.beatSeenAt) : ago(beat);
    node.title = utc(beat);
    const stale = beat && Date.now() - state.beatSeenAt > 90_000;
    node.classList.toggle('warn', Boolean(stale));
}

function renderConnection(kind, attempt, reason, at) {
    const node = $('connection');
    node.dataset.state = kind;
    node.className = `conn conn-${kind}`;
    if (kind === 'open') {
        node.textContent = 'Live';
    } else if (kind === 'connecting') {
        node.textContent = attempt ? `Reconnecting (try ${attempt + 1})…` : 'Connecting…';
    } else if (kind === 'waiting') {
        const secs = Math.max(1, Math.round((at - Date.now()) / 1000));
        node.textContent = `Disconnected — retrying in ${secs} s`;
    } else if (kind === 'refused') {
        node.textContent = `Refused: ${reason || 'unknown agent'}`;
    }
}

async function loadAgent() {
    state.agent = await get(agentPath());
    if (state.agent.status === 'DEMOTED' && !state.agent.demotion && !state.demotionRule) {
        state.demotionRule = await demotionRuleFromJournal();
    }
    renderAgent();
}

/** The agent object does not name the breached rule; the newest demotion entry in the journal does (as a tag). */
async function demotionRuleFromJournal() {
    for (const type of ['DEMOTION', 'DEMOTED']) {
        const [entry] = await get(agentPath(`/journal?type=${type}&limit=1`)).catch(() => []);
        const rule = entry && (entry.tags || []).find((t) => /drawdown|loss/.test(t));
        if (rule) {
            return rule;
        }
    }
    return null;
}

// --- equity and objectives -----------------------------------------------------------------------------------

async function loadEquity() {
    const points = await get(agentPath('/equity'));
    chart.load(points);
    $('fig-points').textContent = String(points.length);
    const last = points[points.length - 1];
    if (last) {
        $('fig-equity').textContent = money(last.equity);
        $('fig-dd').textContent = fraction(last.dd_from_peak);
    } else {
        $('fig-equity').textContent = 'no snapshot yet';
    }
}

function onSnapshot(s) {
    chart.add(s);
    state.lastSnapshot = s;
    $('fig-equity').textContent = money(s.equity);
    $('fig-dd').textContent = fraction(s.dd_from_peak);
    if (s.daily_dd_used !== undefined && s.daily_dd_used !== null) {
        $('fig-daily').textContent = fraction(s.daily_dd_used);
    }
    $('fig-points').textContent = String(chart.points.length);
    if (state.agent && s.phase && state.agent.phase !== s.phase) {
        state.agent.phase = s.phase;
        renderAgent();
    }
    soon('objectives', loadObjectives);
}

async function loadObjectives() {
    state.objectives = await get(agentPath('/risk/objectives'));
    if (has('get', '/agents/{id}/evaluation')) {
        state.evaluation = await get(agentPath('/evaluation')).catch(() => null);
    }
    const daily = state.objectives.find((o) => o.rule === 'daily_drawdown');
    if (daily && daily.limit) {
        $('fig-daily').textContent = fraction(Number(daily.current) / Number(daily.limit), 1);
    }
    renderObjectives();
    renderPolicyRules();
}

function bar(label, value, max, text, tone, detail) {
    const id = `bar-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    const progress = el('progress', { id, max: String(max), value: String(Math.max(0, Math.min(max, value))),
        class: `tone-${tone}`, 'aria-describedby': `${id}-text` });
    return el('li', { class: 'bar', dataset: { rule: label } },
        el('label', { for: id }, el('span', { class: 'bar-label', text: label }),
            el('span', { class: 'bar-value', id: `${id}-text`, text })),
        progress,
        detail ? el('span', { class: 'bar-detail muted', text: detail }) : null);
}

function currentRunTrades() {
    const version = state.config && state.config.config_version_id;
    return state.trades.filter((t) => !version || t.config_version_id === version);
}

function renderObjectives() {
    const list = $('objectives');
    const items = [];
    const ev = state.evaluation;
    const cfg = state.config && state.config.evaluation_config;
    const byRule = (rules, name) => (rules || []).find((o) => o.rule === name);

    // Profitability: only the evaluation knows expectancy net of fees.
    const expectancy = ev && byRule(ev.objectives, 'positive_expectancy');
    if (expectancy) {
        items.push(bar('Profitability', expectancy.met ? 100 : 0, 100,
            expectancy.met ? 'positive after fees' : 'not positive yet',
            expectancy.met ? 'good' : 'bad', `Expectancy ${number(expectancy.current)} per trade, net of fees`));
    } else {
        items.push(bar('Profitability', 0, 100, 'not available yet', 'none',
            'This server does not report the evaluation yet.'));
    }

    // Trade floor: the evaluation's count, else the closed trades of the running version.
    const floor = ev ? ev.trade_floor : cfg && cfg.trade_floor;
    const closed = ev ? ev.closed_trades : currentRunTrades().length;
    if (floor) {
        items.push(bar('Trade floor', closed, floor, `${closed} of ${floor} closed trades`,
            closed >= floor ? 'good' : 'progress', closed >= floor ? null : 'Evaluating — not enough trades yet'));
    }

    for (const [rule, label] of [['max_drawdown', 'Max drawdown headroom'], ['daily_drawdown', 'Daily drawdown headroom']]) {
        const o = byRule(state.objectives, rule);
        if (o && o.headroom_pct !== null && o.headroom_pct !== undefined) {
            const h = Number(o.headroom_pct);
            items.push(bar(label, h, 100, `${percent(h)} left`, h > 50 ? 'good' : h > 20 ? 'warn' : 'bad',
                `${fraction(o.current)} used of a ${fraction(o.limit, 0)} limit`));
        }
    }
    const losses = byRule(state.objectives, 'consecutive_losses');
    if (losses) {
        const c = Number(losses.current);
        const l = Number(losses.limit);
        items.push(bar('Loss streak', c, l, `${c} of ${l} in a row`, c >= l ? 'bad' : c >= l - 1 ? 'warn' : 'good',
            c >= l ? 'Standing aside (cooldown)' : null));
    }
    list.replaceChildren(...items);

    const stateChip = $('eval-state');
    const summary = $('eval-summary');
    if (ev) {
        const evState = String(ev.state || 'EVALUATING');
        stateChip.textContent = evState === 'EVALUATING' && closed < floor
            ? 'evaluating — not enough trades yet' : evState.replace(/_/g, ' ').toLowerCase();
        stateChip.dataset.state = evState;
        summary.textContent = `${ev.eligible ? 'Every objective is met.' : 'Not every objective is met yet.'} `
            + `Window: day ${ev.window_days_elapsed} of ${ev.eval_window_days}`
            + `${evState === 'WINDOW_EXTENDED' ? ' (extended until the trade floor is reached)' : ''}.`;
    } else if (cfg && state.config) {
        const days = Math.floor((Date.now() - new Date(state.config.created_at).getTime()) / 86_400_000);
        stateChip.textContent = closed >= floor ? 'evaluating' : 'evaluating — not enough trades yet';
        stateChip.dataset.state = 'EVALUATING';
        summary.textContent = `Window: day ${Math.min(days, cfg.eval_window_days)} of ${cfg.eval_window_days} `
            + `for config ${state.config.config_version_id}.`;
    }
}

// --- journal -------------------------------------------------------------------------------------------------

const TYPE_TONES = {
    EXECUTED: 'good', SKIPPED: 'muted', RISK_VETO: 'warn', RISK_BREACH: 'bad', TWAK_BLOCK: 'warn', KILL: 'bad',
    STATUS_CHANGE: 'info', PROMOTION: 'good', DEMOTION: 'bad', CONFIG_CHANGE: 'accent', CYCLE_FAILED: 'bad',
};

function journalItem(entry) {
    const tone = TYPE_TONES[entry.type] || 'neutral';
    const tags = (entry.tags || []).filter((t) => t !== entry.type);
    const trade = state.trades.find((t) => t.journal_ref === entry.id);
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
function addEntries(entries, { older = false } = {}) {
    const feed = $('journal-feed');
    let added = 0;
    const sorted = [...entries].sort((a, b) => (a.id < b.id ? 1 : -1));
    for (const entry of sorted) {
        if (state.journal.has(entry.id)) {
            continue;
        }
        state.journal.set(entry.id, entry);
        rememberType(entry.type);
        added += 1;
        if (!state.newestJournalId || entry.id > state.newestJournalId) {
            state.newestJournalId = entry.id;
        }
        if (!state.oldestJournalId || entry.id < state.oldestJournalId) {
            state.oldestJournalId = entry.id;
        }
        if (!passesFilter(entry)) {
            continue;
        }
        const item = journalItem(entry);
        const after = [...feed.children].find((li) => li.dataset.id < entry.id);
        feed.insertBefore(item, after || null);
        if (!older && added <= 3) {
            item.classList.add('fresh');
        }
    }
    while (!older && feed.children.length > JOURNAL_KEEP) {
        feed.lastElementChild.remove();
    }
    return added;
}

function renderJournal() {
    const entries = [...state.journal.values()].filter(passesFilter).sort((a, b) => (a.id < b.id ? 1 : -1));
    $('journal-feed').replaceChildren(...entries.slice(0, JOURNAL_KEEP).map(journalItem));
}

async function loadJournal() {
    const page = await get(agentPath(`/journal?limit=${JOURNAL_PAGE}`));
    addEntries(page, { older: true });
    $('journal-older').hidden = page.length < JOURNAL_PAGE;
}

async function loadOlderJournal() {
    const type = $('journal-filter').value;
    const query = `limit=${JOURNAL_PAGE}&before=${encodeURIComponent(state.oldestJournalId)}`
        + (type ? `&type=${encodeURIComponent(type)}` : '');
    const page = await get(agentPath(`/journal?${query}`));
    addEntries(page, { older: true });
    $('journal-older').hidden = page.length < JOURNAL_PAGE;
}

/** Everything newer than the newest entry seen, page by page (the journal pages newest first). */
async function catchUpJournal() {
    const known = state.newestJournalId;
    let before = null;
    for (let pages = 0; pages < 20; pages++) {
        const page = await get(agentPath(`/journal?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`));
        addEntries(page.filter((e) => !known || e.id > known));
        if (page.length < 100 || !known || page[page.length - 1].id <= known) {
            return;
        }
        before = page[page.length - 1].id;
    }
}

// --- trades and positions ------------------------------------------------------------------------------------

async function loadTrades() {
    const phase = $('trades-phase').value;
    const trades = await get(agentPath(`/trades?phase=${encodeURIComponent(phase)}`));
    if (phase === 'all') {
        const linked = trades.some((t) => !state.trades.some((known) => known.id === t.id));
        state.trades = trades;
        renderObjectives();
        if (linked) {
            renderJournal();
        }
    }
    renderTrades(trades);
}

function renderTrades(trades) {
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

async function loadPositions() {
    const positions = await get(agentPath('/positions'));
    $('positions').replaceChildren(...(positions.length ? positions.map((p) => el('li', {},
        el('strong', { text: p.pair }), ` ${number(p.quantity)} at ${price(p.entry_price)} · value ${money(p.value)} · `,
        el('span', { class: Number(p.unrealised_pnl) >= 0 ? 'pos' : 'neg', text: `${signedMoney(p.unrealised_pnl)} unrealised` }),
        el('span', { class: `tag tag-${p.phase}`, text: p.phase === 'live' ? 'LIVE' : 'PAPER' })))
        : [el('li', { class: 'muted', text: 'Flat: everything is in USDT.' })]));
}

// --- risk desk -----------------------------------------------------------------------------------------------

function renderPolicyRules() {
    const body = $('policy-rules').querySelector('tbody');
    body.replaceChildren(...state.objectives.map((o) => {
        const count = o.headroom_pct === null || o.headroom_pct === undefined;
        return el('tr', { dataset: { rule: o.rule } },
            el('th', { scope: 'row', text: ruleName(o.rule) }),
            el('td', { class: 'num', text: count ? number(o.current) : fraction(o.current) }),
            el('td', { class: 'num', text: count ? number(o.limit) : fraction(o.limit, 0) }),
            el('td', { class: 'num', text: count ? '—' : percent(o.headroom_pct) }));
    }));
}

function blockItem(b) {
    return el('li', { class: 'block', dataset: { layer: b.layer || '' } },
        el('div', { class: 'entry-head' },
            el('span', { class: `chip chip-${b.layer === 'twak' ? 'bad' : 'warn'}`, text: ruleName(b.rule) }),
            el('time', { datetime: b.ts, text: utc(b.ts) }),
            b.pair ? el('span', { class: 'muted', text: b.pair }) : null),
        el('p', { text: b.reason }),
        b.order_ref ? el('span', { class: 'muted mono small', text: b.order_ref }) : null);
}

function emptyBlocks(list, words) {
    if (!list.children.length) {
        list.append(el('li', { class: 'muted empty', text: words }));
    }
}

async function loadBlocks() {
    const blocks = await get(agentPath('/risk/blocks'));
    const newestFirst = [...blocks].reverse();
    $('policy-blocks').replaceChildren(...newestFirst.filter((b) => b.layer !== 'twak').slice(0, 50).map(blockItem));
    $('twak-blocks').replaceChildren(...newestFirst.filter((b) => b.layer === 'twak').slice(0, 50).map(blockItem));
    emptyBlocks($('policy-blocks'), 'No order blocked by the Risk Engine.');
    emptyBlocks($('twak-blocks'), 'No transaction refused by the signer.');
}

function prependBlock(list, block) {
    list.querySelector('.empty')?.remove();
    const item = blockItem(block);
    item.classList.add('fresh');
    list.prepend(item);
}

async function loadSigner() {
    if (has('get', '/agents/{id}/signer')) {
        state.signer = await get(agentPath('/signer')).catch(() => null);
        if (state.signer && state.signer.session) {
            state.signerRevoked = state.signer.session === 'revoked';
        }
    }
    renderSigner();
}

export function renderSigner() {
    const policy = { ...(state.config && state.config.twak_policy), ...(state.signer || {}) };
    const chip = $('signer-session');
    if (state.signerRevoked) {
        chip.textContent = 'Revoked';
        chip.className = 'chip chip-bad';
    } else if (state.signer && state.signer.session) {
        chip.textContent = state.signer.session === 'active' ? 'Session active' : state.signer.session;
        chip.className = 'chip chip-good';
    } else {
        chip.textContent = 'Session: not reported yet';
        chip.className = 'chip chip-neutral';
    }
    chip.dataset.session = state.signerRevoked ? 'revoked' : (state.signer && state.signer.session) || '';
    $('btn-provision').hidden = !state.signerRevoked;
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
    if (state.signerRevoked && policy.revoked_reason) add('Revoked because', policy.revoked_reason);
    if (policy.session_changed_at) add('Session since', utc(policy.session_changed_at));
    $('twak-policy').replaceChildren(...rows);
}

// --- configuration -------------------------------------------------------------------------------------------

async function loadConfig() {
    state.config = await get(agentPath('/config'));
    $('config-version').textContent = state.config.config_version_id;
    fillEvaluationForm(state.config.evaluation_config);
    renderSigner();
    renderObjectives();
}

function presetOf(values) {
    return Object.keys(PRESETS).find((name) => EVAL_FIELDS.every((f) => Number(PRESETS[name][f]) === Number(values[f])))
        || 'custom';
}

function fillEvaluationForm(values) {
    const form = $('evalcfg-form');
    for (const f of EVAL_FIELDS) {
        form.elements[f].value = values[f];
    }
    form.querySelector(`input[name=preset][value=${presetOf(values)}]`).checked = true;
}

export function evaluationFormValues() {
    const form = $('evalcfg-form');
    const values = {};
    for (const f of EVAL_FIELDS) {
        values[f] = Number(form.elements[f].value);
    }
    return values;
}

async function loadVersions() {
    const versions = await get(agentPath('/config/versions'));
    $('versions').replaceChildren(...versions.map((v) => el('li', { class: `version outcome-${v.outcome}`, dataset: { id: v.id } },
        el('div', { class: 'entry-head' },
            el('span', { class: 'mono', text: v.id }),
            el('span', { class: `chip chip-${v.outcome === 'running' ? 'good' : v.outcome === 'superseded' ? 'neutral' : 'bad'}`,
                text: v.outcome })),
        el('p', { text: v.params_summary }),
        el('p', { class: 'muted small',
            text: `${utc(v.run_period && v.run_period.from)} → ${v.run_period && v.run_period.to ? utc(v.run_period.to) : 'now'}` }))));
}

async function loadWatchlist() {
    const [watchlist, candidates] = await Promise.all([get(agentPath('/watchlist')), get(agentPath('/watchlist/candidates'))]);
    const chosen = new Set(watchlist.tokens);
    const rows = candidates.map((c) => candidateItem(c, chosen.has(c.token)));
    for (const token of watchlist.tokens) {
        if (!candidates.some((c) => c.token === token)) {
            rows.push(candidateItem({ token, rank: null, score: null, reason: 'Not ranked right now.' }, true));
        }
    }
    $('candidates').replaceChildren(...rows);
    $('watch-count').textContent = `${watchlist.tokens.length} watched`;
    $('watching').textContent = watchlist.tokens.map((t) => `${t}/USDT`).join(', ');
}

function candidateItem(c, checked) {
    const id = `cand-${c.token}`;
    return el('li', { class: 'candidate' },
        el('input', { type: 'checkbox', id, name: 'token', value: c.token, checked }),
        el('label', { for: id },
            el('span', { class: 'cand-token', text: `${c.rank ? `#${c.rank} ` : ''}${c.token}/USDT` }),
            c.score !== null ? el('meter', { min: '0', max: '1', value: String(c.score), 'aria-label': `score ${c.score}` }) : null,
            c.score !== null ? el('span', { class: 'mono small', text: Number(c.score).toFixed(2) }) : null),
        el('p', { class: 'muted small', text: c.reason }));
}

export function chosenTokens() {
    return [...$('watch-form').querySelectorAll('input[name=token]:checked')].map((i) => i.value);
}

// --- identity ------------------------------------------------------------------------------------------------

async function loadIdentity() {
    const body = $('identity-body');
    const pendingCard = (note) => body.replaceChildren(el('p', { class: 'pending', text: 'Registration pending' }),
        el('p', { class: 'muted small', text: note }));
    if (!has('get', '/agents/{id}/identity')) {
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
        el('div', {}, el('dt', { text: 'Agent' }), el('dd', { text: state.agent ? state.agent.name : '—' })),
        el('div', {}, el('dt', { text: 'Token ID (ERC-8004, BSC testnet)' }), el('dd', { class: 'mono', text: identity.erc8004_token_id })),
        el('div', {}, el('dt', { text: 'Profile URI' }), el('dd', {}, link(identity.profile_uri))),
        el('div', {}, el('dt', { text: 'BscScan' }), el('dd', {}, link(identity.bscscan_url)))));
}

// --- live events ---------------------------------------------------------------------------------------------

function onEvent(e) {
    switch (e.event) {
        case 'snapshot':
            onSnapshot(e);
            break;
        case 'trade':
            soon('positions', () => loadPositions().catch(() => {}));
            if (e.pnl !== null && e.pnl !== undefined) {
                soon('trades', () => loadTrades().catch(() => {}));
            }
            break;
        case 'journal_entry':
            addEntries([e]);
            if (e.type === 'CONFIG_CHANGE') {
                soon('config', () => Promise.all([loadConfig(), loadVersions(), loadWatchlist()]).catch(() => {}));
            }
            break;
        case 'risk_veto':
            prependBlock($('policy-blocks'), { ...e, layer: 'policy' });
            soon('objectives', () => loadObjectives().catch(() => {}));
            break;
        case 'twak_block':
            prependBlock($('twak-blocks'), { ...e, layer: 'twak' });
            break;
        case 'status_change':
            if (state.agent) {
                state.agent.status = e.to;
                renderAgent();
            }
            soon('agent', refreshLifecycle);
            break;
        case 'promotion':
            chart.mark('promotion', e.ts, 'Promoted');
            notify(`Promoted to live${e.first_tx_hash ? `; first transaction ${e.first_tx_hash}` : ''}.`, 'good');
            break;
        case 'demotion':
            state.demotionRule = e.rule;
            chart.mark('demotion', e.ts, `Demoted: ${ruleName(e.rule)}`);
            renderAgent();
            notify(`Demoted to paper: ${ruleName(e.rule)} breached`
                + `${e.relock_until ? `; live locked until ${utc(e.relock_until)}` : ''}.`, 'warn');
            break;
        default:
            break; // newer event kinds are ignored until the page knows them
    }
}

export function refreshLifecycle() {
    return Promise.all([loadAgent(), loadObjectives(), loadSigner(), loadVersions()]).catch((err) => notify(err.message, 'error'));
}

async function catchUp() {
    try {
        await Promise.all([catchUpJournal(), loadAgent(), loadTrades(), loadEquity(), loadBlocks(), loadObjectives(),
            loadPositions(), loadSigner(), loadVersions()]);
        document.body.dataset.caughtUp = String(Date.now());
    } catch (err) {
        notify(`Reconnected, but catching up failed: ${err.message}`, 'error');
    }
}

// --- start ---------------------------------------------------------------------------------------------------

function wireControls() {
    $('journal-filter').addEventListener('change', renderJournal);
    $('journal-older').addEventListener('click', () => loadOlderJournal().catch((e) => notify(e.message, 'error')));
    $('trades-phase').addEventListener('change', () => loadTrades().catch((e) => notify(e.message, 'error')));
    const form = $('evalcfg-form');
    form.addEventListener('change', (event) => {
        if (event.target.name === 'preset' && PRESETS[event.target.value]) {
            for (const f of EVAL_FIELDS) {
                form.elements[f].value = PRESETS[event.target.value][f];
            }
        }
    });
    form.addEventListener('input', (event) => {
        if (EVAL_FIELDS.includes(event.target.name)) {
            form.querySelector(`input[name=preset][value=${presetOf(evaluationFormValues())}]`).checked = true;
        }
    });
}

async function loadPresets() {
    for (const preset of await get(agentPath('/config/presets'))) {
        PRESETS[preset.name] = preset.evaluation_config;
    }
}

async function start() {
    await signIn($('dlg-login'), $('login-form'), $('login-token'), $('login-error'));
    wireControls();
    state.caps = await capabilities();
    await loadPresets().catch(() => notify('The evaluation presets could not be read; custom values still work.',
        'error'));
    setupActions({
        state, notify, refreshLifecycle, renderSigner, evaluationFormValues, chosenTokens,
        presetOf,
        afterConfigChange: () => Promise.all([loadConfig(), loadVersions(), loadWatchlist(), loadObjectives()]),
    });
    const sections = [
        [loadAgent(), $('status-badge')],
        [loadConfig(), $('evalcfg-form')],
        [loadEquity(), $('equity-chart')],
        [loadJournal(), $('journal-feed')],
        [loadTrades(), $('trades-table').querySelector('tbody')],
        [loadPositions(), $('positions')],
        [loadBlocks(), $('policy-blocks')],
        [loadVersions(), $('versions')],
        [loadWatchlist(), $('candidates')],
    ];
    const results = await Promise.allSettled(sections.map(([p]) => p));
    results.forEach((r, i) => {
        if (r.status === 'rejected') {
            const target = sections[i][1];
            target.replaceChildren(el(target.tagName === 'TBODY' ? 'tr' : 'p', { class: 'error', text: r.reason.message }));
        }
    });
    await Promise.allSettled([loadObjectives(), loadSigner(), loadIdentity()]);
    document.body.dataset.loaded = 'true';

    new Stream(AGENT, {
        onEvent,
        onState: (kind, attempt, reason, at) => {
            renderConnection(kind, attempt, reason, at);
            if (kind === 'waiting') {
                const tick = setInterval(() => {
                    if ($('connection').dataset.state !== 'waiting') {
                        clearInterval(tick);
                    } else {
                        renderConnection(kind, attempt, reason, at);
                    }
                }, 1000);
            }
        },
        onReconnect: catchUp,
    }).start();

    setInterval(renderHeartbeat, 1000);
    // The stream has no heartbeat event: the header re-reads the agent now and then.
    setInterval(() => {
        if ($('connection').dataset.state === 'open') {
            loadAgent().catch(() => {});
        }
    }, 15_000);
}

start().catch((e) => notify(`The dashboard could not start: ${e.message}`, 'error'));
