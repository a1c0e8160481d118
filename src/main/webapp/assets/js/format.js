// How figures read on the page. Times are shown in UTC, the clock the risk rules run on (daily = UTC day).

const usdt = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

export function money(value) {
    if (value === null || value === undefined || value === '') {
        return '—';
    }
    return `${usdt.format(Number(value))} USDT`;
}

export function signedMoney(value) {
    if (value === null || value === undefined) {
        return '—';
    }
    const n = Number(value);
    return `${n > 0 ? '+' : ''}${usdt.format(n)}`;
}

export function amount(value) {
    return value === null || value === undefined ? '—' : usdt.format(Number(value));
}

/** A price with as many decimals as its size needs: 3001.75, 2.4103, 0.00012345. */
export function price(value) {
    if (value === null || value === undefined) {
        return '—';
    }
    const n = Number(value);
    const digits = n >= 100 ? 2 : n >= 1 ? 4 : 8;
    return n.toLocaleString('en-US', { minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits });
}

export function number(value) {
    return value === null || value === undefined ? '—' : plain.format(Number(value));
}

/** A decimal fraction (0.012) as a percentage ("1.20 %"). */
export function fraction(value, digits = 2) {
    if (value === null || value === undefined) {
        return '—';
    }
    return `${(Number(value) * 100).toFixed(digits)} %`;
}

export function percent(value, digits = 1) {
    return value === null || value === undefined ? '—' : `${Number(value).toFixed(digits)} %`;
}

export function utc(ts) {
    if (!ts) {
        return '—';
    }
    const d = new Date(ts);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `
        + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

export function shortUtc(ts) {
    const d = new Date(ts);
    const pad = (n) => String(n).padStart(2, '0');
    return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function ago(ts, now = Date.now()) {
    if (!ts) {
        return '—';
    }
    const s = Math.max(0, Math.round((now - new Date(ts).getTime()) / 1000));
    if (s < 60) {
        return `${s} s ago`;
    }
    if (s < 3600) {
        return `${Math.floor(s / 60)} min ago`;
    }
    if (s < 86400) {
        return `${Math.floor(s / 3600)} h ago`;
    }
    return `${Math.floor(s / 86400)} d ago`;
}

/** ISO-8601 duration (PT5H12M3S, P1DT2H) as "1 d 2 h". */
export function duration(iso) {
    if (!iso) {
        return '—';
    }
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso);
    if (!m) {
        return iso;
    }
    const [, d, h, min, s] = m;
    const parts = [];
    if (d) parts.push(`${d} d`);
    if (h) parts.push(`${h} h`);
    if (min) parts.push(`${min} min`);
    if (!parts.length && s) parts.push(`${Math.round(Number(s))} s`);
    return parts.slice(0, 2).join(' ') || '0 s';
}

export function ruleName(rule) {
    return rule ? String(rule).replace(/_/g, ' ') : 'a drawdown limit';
}

/** The page's element with this id. */
export const $ = (id) => document.getElementById(id);

/** Builds an element: el('li', {class: 'x', text: 'y'}, child, …). */
export function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (key === 'text') {
            node.textContent = value;
        } else if (key === 'class') {
            node.className = value;
        } else if (key === 'dataset') {
            Object.assign(node.dataset, value);
        } else {
            node.setAttribute(key, value === true ? '' : value);
        }
    }
    for (const child of children) {
        if (child !== null && child !== undefined) {
            node.append(child);
        }
    }
    return node;
}
