// The road to live and the Risk Engine's rules: both from GET …/risk/objectives (and …/evaluation where the server
// has it). The bars: profitability, trade floor, max and daily drawdown headroom, the loss streak; the risk desk's
// table: each rule's value, limit and headroom.

import { agentPath, get } from '../api.js';
import { $, el, fraction, number, percent, ruleName } from '../format.js';
import { CONFIG_CHANGED, CONFIG_LOADED, LIFECYCLE_CHANGED, OBJECTIVES_LOADED, TRADES_LOADED } from '../page.js';

async function load(ctx) {
    ctx.data.objectives = await get(agentPath('/risk/objectives'));
    if (ctx.has('get', '/agents/{id}/evaluation')) {
        ctx.data.evaluation = await get(agentPath('/evaluation')).catch(() => null);
    }
    ctx.announce({ event: OBJECTIVES_LOADED });
    render(ctx);
    renderRules(ctx.data.objectives);
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

/** The closed trades of the running config version. */
function currentRunTrades(ctx) {
    const version = ctx.data.config && ctx.data.config.config_version_id;
    return (ctx.data.trades || []).filter((t) => !version || t.config_version_id === version);
}

function render(ctx) {
    const items = [];
    const ev = ctx.data.evaluation;
    const config = ctx.data.config;
    const cfg = config && config.evaluation_config;
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
    const closed = ev ? ev.closed_trades : currentRunTrades(ctx).length;
    if (floor) {
        items.push(bar('Trade floor', closed, floor, `${closed} of ${floor} closed trades`,
            closed >= floor ? 'good' : 'progress', closed >= floor ? null : 'Evaluating — not enough trades yet'));
    }

    for (const [rule, label] of [['max_drawdown', 'Max drawdown headroom'], ['daily_drawdown', 'Daily drawdown headroom']]) {
        const o = byRule(ctx.data.objectives, rule);
        if (o && o.headroom_pct !== null && o.headroom_pct !== undefined) {
            const h = Number(o.headroom_pct);
            items.push(bar(label, h, 100, `${percent(h)} left`, h > 50 ? 'good' : h > 20 ? 'warn' : 'bad',
                `${fraction(o.current)} used of a ${fraction(o.limit, 0)} limit`));
        }
    }
    const losses = byRule(ctx.data.objectives, 'consecutive_losses');
    if (losses) {
        const c = Number(losses.current);
        const l = Number(losses.limit);
        items.push(bar('Loss streak', c, l, `${c} of ${l} in a row`, c >= l ? 'bad' : c >= l - 1 ? 'warn' : 'good',
            c >= l ? 'Standing aside (cooldown)' : null));
    }
    $('objectives').replaceChildren(...items);

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
    } else if (cfg) {
        const days = Math.floor((Date.now() - new Date(config.created_at).getTime()) / 86_400_000);
        stateChip.textContent = closed >= floor ? 'evaluating' : 'evaluating — not enough trades yet';
        stateChip.dataset.state = 'EVALUATING';
        summary.textContent = `Window: day ${Math.min(days, cfg.eval_window_days)} of ${cfg.eval_window_days} `
            + `for config ${config.config_version_id}.`;
    }
}

/** The risk desk's table of the Risk Engine's rules. */
function renderRules(objectives) {
    const body = $('policy-rules').querySelector('tbody');
    body.replaceChildren(...objectives.map((o) => {
        const count = o.headroom_pct === null || o.headroom_pct === undefined;
        return el('tr', { dataset: { rule: o.rule } },
            el('th', { scope: 'row', text: ruleName(o.rule) }),
            el('td', { class: 'num', text: count ? number(o.current) : fraction(o.current) }),
            el('td', { class: 'num', text: count ? number(o.limit) : fraction(o.limit, 0) }),
            el('td', { class: 'num', text: count ? '—' : percent(o.headroom_pct) }));
    }));
}

export default {
    id: 'objectives',
    late: true,
    events: ['snapshot', 'risk_veto', LIFECYCLE_CHANGED, CONFIG_CHANGED, CONFIG_LOADED, TRADES_LOADED],
    load,
    catchUp: load,
    onEvent(e, ctx) {
        switch (e.event) {
            case 'snapshot':
            case 'risk_veto':
                ctx.soon('objectives', () => load(ctx));
                return null;
            case CONFIG_LOADED:
            case TRADES_LOADED:
                render(ctx);
                return null;
            default: // LIFECYCLE_CHANGED, CONFIG_CHANGED
                return load(ctx);
        }
    },
};
