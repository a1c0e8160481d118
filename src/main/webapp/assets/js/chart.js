// The equity curve, drawn by Apache ECharts (served from the WAR as a WebJar): paper and live stretches shaded,
// promotions and demotions as labelled vertical lines, and a tooltip with time, equity, phase and drawdown.

import { fraction, money, shortUtc, utc } from './format.js';

const PAPER_FILL = 'rgba(139, 148, 158, 0.14)';
const LIVE_FILL = 'rgba(63, 185, 80, 0.20)';
const LINE = '#58a6ff';
const PROMOTION = '#3fb950';
const DEMOTION = '#e3b341';
const TEXT = '#c9d1d9';
const GRID = '#30363d';

export class EquityChart {
    constructor(container) {
        this.container = container;
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

    regions() {
        const regions = [];
        let start = null;
        this.points.forEach((p, i) => {
            if (start === null) {
                start = p;
            }
            const next = this.points[i + 1];
            if (!next || next.phase !== p.phase) {
                regions.push({ phase: p.phase, from: start.t, to: next ? next.t : p.t });
                start = null;
            }
        });
        return regions;
    }

    markers() {
        const found = [];
        for (let i = 1; i < this.points.length; i++) {
            const before = this.points[i - 1].phase;
            const now = this.points[i].phase;
            if (before !== now) {
                found.push(now === 'live'
                    ? { t: this.points[i].t, kind: 'promotion', label: 'Promoted' }
                    : { t: this.points[i].t, kind: 'demotion', label: 'Demoted' });
            }
        }
        for (const e of this.events) {
            if (!found.some((f) => f.kind === e.kind && Math.abs(f.t - e.t) < 30 * 60 * 1000)) {
                found.push(e);
            }
        }
        return found;
    }

    render() {
        if (!this.chart) {
            return;
        }
        const data = this.points.map((p) => ({ value: [p.t, p.equity], point: p }));
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
            grid: { left: 64, right: 24, top: 28, bottom: 32 },
            textStyle: { color: TEXT },
            xAxis: { type: 'time', axisLine: { lineStyle: { color: GRID } }, splitLine: { show: false },
                axisLabel: { color: TEXT, hideOverlap: true, formatter: (value) => shortUtc(value) } },
            yAxis: { type: 'value', scale: true, axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: GRID } } },
            tooltip: {
                trigger: 'axis',
                backgroundColor: '#161b22',
                borderColor: GRID,
                textStyle: { color: '#e6edf3' },
                formatter: (params) => {
                    const item = Array.isArray(params) ? params[0] : params;
                    const p = item && item.data && item.data.point;
                    if (!p) {
                        return '';
                    }
                    const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' }[c]));
                    return `${esc(utc(p.ts))}<br>Equity <b>${esc(money(p.equity))}</b><br>`
                        + `Phase ${esc(p.phase)}<br>Drawdown from peak ${esc(fraction(p.dd))}`;
                },
            },
            series: [{
                name: 'Equity (USDT)',
                type: 'line',
                showSymbol: data.length < 60,
                symbolSize: 5,
                lineStyle: { color: LINE, width: 2 },
                itemStyle: { color: LINE },
                data,
                markArea: { silent: true, data: areas },
                markLine: { symbol: 'none', silent: true, data: lines, label: { position: 'insideEndTop' } },
            }],
        }, { notMerge: true });
    }
}
