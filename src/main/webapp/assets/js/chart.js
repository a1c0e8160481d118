// The equity curve, drawn by Apache ECharts (served from the WAR as a WebJar): the paper account and, while live,
// the wallet as two lines (a live agent keeps paper trading beside its wallet, so both are snapshotted), live
// stretches shaded, promotions and demotions as labelled vertical lines, and a tooltip with time, equity, phase
// and drawdown.

import { fraction, money, shortUtc, utc } from './format.js';

const PAPER_FILL = 'rgba(139, 148, 158, 0.14)';
const LIVE_FILL = 'rgba(63, 185, 80, 0.20)';
const LINE = '#58a6ff';
const LIVE_LINE = '#3fb950';
/** A status event and the first (last) live snapshot it explains are at most this far apart (agent time). */
const SAME_MOMENT_MS = 2 * 60 * 60 * 1000;
const PROMOTION = '#3fb950';
const DEMOTION = '#e3b341';
const TEXT = '#c9d1d9';
const GRID = '#30363d';

export class EquityChart {
    /** `account` names the line that is not the wallet: the paper account, or a backtest's replayed one. */
    constructor(container, account = 'Paper') {
        this.container = container;
        this.account = account;
        this.points = [];
        this.events = []; // {t, kind: 'promotion'|'demotion', label}
        if (!window.echarts) {
            container.textContent = 'The chart library did not load; the figures above are still live.';
            this.chart = null;
            return;
        }
        this.chart = window.echarts.init(container, null, { renderer: 'canvas' });
        new ResizeObserver(() => this.chart.resize()).observe(container);
    }

    /** Replaces the curve with the server's snapshots (oldest first). */
    load(points) {
        this.points = points.map((p) => ({
            t: new Date(p.ts).getTime(), ts: p.ts, equity: Number(p.equity), phase: p.phase,
            dd: p.dd_from_peak === null || p.dd_from_peak === undefined ? null : Number(p.dd_from_peak),
        }));
        this.points.sort((a, b) => a.t - b.t);
        this.render();
    }

    /** One live snapshot event. */
    add(snapshot) {
        const t = new Date(snapshot.ts).getTime();
        if (this.points.some((p) => p.t === t)) {
            return;
        }
        this.points.push({ t, ts: snapshot.ts, equity: Number(snapshot.equity), phase: snapshot.phase,
            dd: snapshot.dd_from_peak === undefined ? null : Number(snapshot.dd_from_peak) });
        this.points.sort((a, b) => a.t - b.t);
        this.render();
    }

    /** A promotion or demotion seen on the stream (phase changes in the snapshots are marked as well). */
    mark(kind, ts, label) {
        const t = new Date(ts).getTime();
        if (!this.events.some((e) => e.kind === kind && Math.abs(e.t - t) < 1000)) {
            this.events.push({ t, kind, label });
            this.render();
        }
    }

    /**
     * The stretches the agent was live: from its first live snapshot to its last one before the paper account was
     * snapshotted alone again (while live, each paper snapshot is followed by a live one). An open stretch has no end.
     */
    liveStretches() {
        const stretches = [];
        let current = null;
        this.points.forEach((p, i) => {
            if (p.phase === 'live') {
                if (!current) {
                    current = { from: p.t, to: p.t, ended: false };
                    stretches.push(current);
                }
                current.to = p.t;
            } else if (current) {
                const next = this.points[i + 1];
                if (next && next.phase !== 'live') {
                    current.ended = true;
                    current = null;
                }
            }
        });
        return stretches;
    }

    regions() {
        if (this.points.length === 0) {
            return [];
        }
        const first = this.points[0].t;
        const last = this.points[this.points.length - 1].t;
        const regions = [];
        let paperFrom = first;
        for (const live of this.liveStretches()) {
            if (live.from > paperFrom) {
                regions.push({ phase: 'paper', from: paperFrom, to: live.from });
            }
            const to = live.ended ? live.to : last;
            regions.push({ phase: 'live', from: live.from, to });
            paperFrom = to;
        }
        if (paperFrom < last) {
            regions.push({ phase: 'paper', from: paperFrom, to: last });
        }
        return regions;
    }

    markers() {
        const found = [];
        for (const live of this.liveStretches()) {
            found.push({ t: live.from, kind: 'promotion', label: 'Promoted' });
            if (live.ended) {
                found.push({ t: live.to, kind: 'demotion', label: 'Demoted' });
            }
        }
        for (const e of this.events) {
            const same = found.findIndex((f) => f.kind === e.kind && Math.abs(f.t - e.t) < SAME_MOMENT_MS);
            if (same >= 0) {
                found[same] = e; // the event's time and words (the rule of a demotion) are the exact ones
            } else {
                found.push(e);
            }
        }
        return found;
    }

    render() {
        if (!this.chart) {
            return;
        }
        const paper = this.points.filter((p) => p.phase !== 'live').map((p) => ({ value: [p.t, p.equity], point: p }));
        const live = this.points.filter((p) => p.phase === 'live').map((p) => ({ value: [p.t, p.equity], point: p }));
        const areas = this.regions().map((r) => [
            { xAxis: r.from, itemStyle: { color: r.phase === 'live' ? LIVE_FILL : PAPER_FILL } },
            { xAxis: r.to },
        ]);
        const lines = this.markers().map((m) => ({
            xAxis: m.t,
            label: { formatter: m.label, color: m.kind === 'promotion' ? PROMOTION : DEMOTION },
            lineStyle: { color: m.kind === 'promotion' ? PROMOTION : DEMOTION, type: 'solid', width: 2 },
        }));
        this.chart.setOption({
            aria: { enabled: true },
            animation: false,
            grid: { left: 64, right: live.length > 0 ? 64 : 24, top: 28, bottom: 32 },
            textStyle: { color: TEXT },
            xAxis: { type: 'time', axisLine: { lineStyle: { color: GRID } }, splitLine: { show: false },
                axisLabel: { color: TEXT, hideOverlap: true, formatter: (value) => shortUtc(value) } },
            // the wallet has its own scale (right): it holds other sums than the paper account
            yAxis: [
                { type: 'value', scale: true, axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: GRID } } },
                { type: 'value', scale: true, show: live.length > 0, axisLabel: { color: LIVE_LINE },
                    splitLine: { show: false } },
            ],
            tooltip: {
                trigger: 'axis',
                backgroundColor: '#161b22',
                borderColor: GRID,
                textStyle: { color: '#e6edf3' },
                formatter: (params) => {
                    const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));
                    return (Array.isArray(params) ? params : [params])
                        .map((item) => item && item.data && item.data.point).filter(Boolean)
                        .map((p) => `${esc(utc(p.ts))}<br>${p.phase === 'live' ? 'Wallet' : esc(this.account)} equity `
                            + `<b>${esc(money(p.equity))}</b>`
                            + `${p.phase ? `<br>Phase ${esc(p.phase)}` : ''}`
                            + `${p.dd === null ? '' : `<br>Drawdown from peak ${esc(fraction(p.dd))}`}`)
                        .join('<br><br>');
                },
            },
            series: [{
                name: `${this.account} equity (USDT)`,
                type: 'line',
                showSymbol: paper.length < 60,
                symbolSize: 5,
                lineStyle: { color: LINE, width: 2 },
                itemStyle: { color: LINE },
                data: paper,
                markArea: { silent: true, data: areas },
                markLine: { symbol: 'none', silent: true, data: lines, label: { position: 'insideEndTop' } },
            }, {
                name: 'Wallet equity (USDT)',
                type: 'line',
                yAxisIndex: 1,
                showSymbol: live.length < 60,
                symbolSize: 5,
                lineStyle: { color: LIVE_LINE, width: 2 },
                itemStyle: { color: LIVE_LINE },
                data: live,
            }],
        }, { notMerge: true });
    }
}
