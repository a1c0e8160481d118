// Equity: the curve (chart.js) from GET …/equity plus every snapshot event, with promotions and demotions marked,
// and the figures beside it: equity, drawdown from the peak, the daily budget used, the number of snapshots.

import { agentPath, get } from '../api.js';
import { EquityChart } from '../chart.js';
import { $, fraction, money, ruleName } from '../format.js';
import { OBJECTIVES_LOADED } from '../page.js';

let chart = null;

async function load() {
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
    $('fig-equity').textContent = money(s.equity);
    $('fig-dd').textContent = fraction(s.dd_from_peak);
    if (s.daily_dd_used !== undefined && s.daily_dd_used !== null) {
        $('fig-daily').textContent = fraction(s.daily_dd_used);
    }
    $('fig-points').textContent = String(chart.points.length);
}

/** The daily budget used, as the risk objectives report it. */
function renderDailyBudget(objectives) {
    const daily = (objectives || []).find((o) => o.rule === 'daily_drawdown');
    if (daily && daily.limit) {
        $('fig-daily').textContent = fraction(Number(daily.current) / Number(daily.limit), 1);
    }
}

export default {
    id: 'equity',
    failsInto: '#equity-chart',
    events: ['snapshot', 'promotion', 'demotion', OBJECTIVES_LOADED],
    init() {
        chart = new EquityChart($('equity-chart'));
    },
    load,
    catchUp: load,
    onEvent(e, ctx) {
        switch (e.event) {
            case 'snapshot':
                onSnapshot(e);
                break;
            case 'promotion':
                chart.mark('promotion', e.ts, 'Promoted');
                break;
            case 'demotion':
                chart.mark('demotion', e.ts, `Demoted: ${ruleName(e.rule)}`);
                break;
            default: // OBJECTIVES_LOADED
                renderDailyBudget(ctx.data.objectives);
        }
        return null;
    },
};
