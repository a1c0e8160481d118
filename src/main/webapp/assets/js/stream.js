// The live side: one WebSocket to /ws/agents/{id}, reopened with a growing, jittered delay whenever it closes,
// with every state change reported so the header can show it. After each reopening, onReconnect runs so the page
// can catch up through REST on whatever happened while the socket was down.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export class Stream {
    constructor(agent, { onEvent, onState, onReconnect }) {
        const url = new URL(`ws/agents/${agent}`, document.baseURI);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        this.url = url.href;
        this.onEvent = onEvent;
        this.onState = onState;
        this.onReconnect = onReconnect;
        this.attempt = 0;
        this.opened = 0;
        this.timer = null;
        this.socket = null;
    }

    start() {
        this.connect();
        // A laptop waking up or a network coming back: try at once instead of waiting out the delay.
        window.addEventListener('online', () => this.retryNow());
        document.addEventListener('visibilitychange', () => {
            if (document.visibilityState === 'visible') {
                this.retryNow();
            }
        });
    }

    retryNow() {
        if (this.timer !== null) {
            clearTimeout(this.timer);
            this.timer = null;
            this.connect();
        }
    }

    connect() {
        this.onState('connecting', this.attempt);
        let socket;
        try {
            socket = new WebSocket(this.url);
        } catch (e) {
            this.scheduleRetry();
            return;
        }
        this.socket = socket;
        socket.onopen = () => {
            this.attempt = 0;
            this.opened += 1;
            this.onState('open');
            if (this.opened > 1) {
                this.onReconnect();
            }
        };
        socket.onmessage = (message) => {
            let event;
            try {
                event = JSON.parse(message.data);
            } catch (e) {
                return;
            }
            if (event && typeof event.event === 'string') {
                this.onEvent(event);
            }
        };
        socket.onclose = (close) => {
            this.socket = null;
            if (close.code === 1008) {
                // The server refused this agent: retrying the same address cannot help.
                this.onState('refused', 0, close.reason);
                return;
            }
            this.scheduleRetry();
        };
        // Errors are always followed by a close; the close decides what happens next.
        socket.onerror = () => {};
    }

    scheduleRetry() {
        this.attempt += 1;
        const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (this.attempt - 1));
        const delay = Math.round(base / 2 + Math.random() * base / 2);
        this.onState('waiting', this.attempt, null, Date.now() + delay);
        this.timer = setTimeout(() => {
            this.timer = null;
            this.connect();
        }, delay);
    }
}
