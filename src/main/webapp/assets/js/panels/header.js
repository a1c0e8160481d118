// The header: the status badge (and its PAPER sub-pill while demoted), the agent's name, phase and heartbeat, and
// which lifecycle buttons apply. The stream moves it at once; the agent is read again now and then besides, since
// the stream has no heartbeat event.

import { agentPath, get } from '../api.js';
import { $, ago, ruleName, utc } from '../format.js';
import { LIFECYCLE_CHANGED } from '../page.js';

const BADGES = {
    PAPER: 'Forward testing',
    ELIGIBLE: 'Ready for live — your call',
    LIVE: 'Live on BSC',
};

let demotionRule = null; // from a demotion event, until the agent read again names it
let beat = null;
let beatSeenAt = 0;

function badgeText(status, rule) {
    if (status === 'DEMOTED') {
        return `Paper-trading — live paused, ${ruleName(rule)} breached`;
    }
    return BADGES[status] || status || 'Unknown';
}

function render(ctx) {
    const agent = ctx.data.agent;
    if (!agent) {
        return;
    }
    const rule = (agent.demotion && agent.demotion.rule) || demotionRule;
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
    renderHeartbeat(ctx);
    const live = agent.status === 'LIVE';
    $('btn-promote').disabled = live;
    $('btn-force').disabled = live;
    $('btn-demote').disabled = !live;
    $('btn-promote').title = live ? 'Already live' : 'Promote to live trading on BSC';
    $('btn-demote').title = live ? 'Return to paper trading' : 'Only a live agent can be demoted';
}

function renderHeartbeat(ctx) {
    const last = ctx.data.agent && ctx.data.agent.last_heartbeat;
    const node = $('heartbeat');
    if (last !== beat) { // when the page saw it advance: the demo's clock runs ahead of this one
        beat = last;
        beatSeenAt = Date.now();
    }
    const ahead = last && new Date(last).getTime() > Date.now();
    node.textContent = ahead ? ago(beatSeenAt) : ago(last);
    node.title = utc(last);
    const stale = last && Date.now() - beatSeenAt > 90_000;
    node.classList.toggle('warn', Boolean(stale));
}

async function load(ctx) {
    ctx.data.agent = await get(agentPath());
    render(ctx);
}

export default {
    id: 'header',
    failsInto: '#status-badge',
    events: ['snapshot', 'status_change', 'promotion', 'demotion', LIFECYCLE_CHANGED],
    init(ctx) {
        setInterval(() => renderHeartbeat(ctx), 1000);
        setInterval(() => {
            if ($('connection').dataset.state === 'open') {
                load(ctx).catch(() => {});
            }
        }, 15_000);
    },
    load,
    catchUp: load,
    onEvent(e, ctx) {
        const agent = ctx.data.agent;
        switch (e.event) {
            case 'snapshot':
                if (agent && e.phase && agent.phase !== e.phase) {
                    agent.phase = e.phase;
                    render(ctx);
                }
                return null;
            case 'status_change':
                if (agent) {
                    agent.status = e.to;
                    render(ctx);
                }
                // what depends on the status (objectives, signer, versions, this header) reads it again
                ctx.soon(LIFECYCLE_CHANGED, () => ctx.announce({ event: LIFECYCLE_CHANGED })
                    .catch((err) => ctx.notify(err.message, 'error')));
                return null;
            case 'promotion':
                ctx.notify(`Promoted to live${e.first_tx_hash ? `; first transaction ${e.first_tx_hash}` : ''}.`, 'good');
                return null;
            case 'demotion':
                demotionRule = e.rule;
                render(ctx);
                ctx.notify(`Demoted to paper: ${ruleName(e.rule)} breached`
                    + `${e.relock_until ? `; live locked until ${utc(e.relock_until)}` : ''}.`, 'warn');
                return null;
            default: // LIFECYCLE_CHANGED
                return load(ctx);
        }
    },
};
