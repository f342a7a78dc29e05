// Placeholder dashboard: the 20 most active symbols over one WebSocket, one DOM pass per animation frame.
const WATCH = 20;
const rows = new Map();
const pending = new Map();
const status = document.getElementById('status');

const symbols = (await (await fetch('/api/symbols')).json()).slice(0, WATCH);
const tbody = document.getElementById('quotes');
for (const { symbol, name } of symbols) {
  const tr = document.createElement('tr');
  tr.innerHTML = `<th scope="row">${symbol}</th><td>${name}</td>` +
    '<td class="num"></td>'.repeat(6);
  tbody.append(tr);
  rows.set(symbol, tr.querySelectorAll('td.num'));
}

function render() {
  for (const [symbol, q] of pending) {
    const cells = rows.get(symbol);
    const change = (q.last - q.open) / q.open * 100;
    cells[0].textContent = q.bid.toFixed(2);
    cells[1].textContent = q.ask.toFixed(2);
    cells[2].textContent = q.last.toFixed(2);
    cells[3].textContent = `${change >= 0 ? '+' : ''}${change.toFixed(2)}%`;
    cells[3].className = `num ${change >= 0 ? 'up' : 'down'}`;
    cells[4].textContent = q.volume.toLocaleString('en-US');
    cells[5].textContent = q.seq;
  }
  pending.clear();
}

function connect() {
  const url = new URL(`/ws?symbols=${symbols.map(s => s.symbol).join(',')}`, location.href);
  url.protocol = url.protocol.replace('http', 'ws');
  const ws = new WebSocket(url);
  ws.onopen = () => { status.textContent = 'live (WebSocket)'; };
  ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    for (const m of Array.isArray(data) ? data : [data]) {
      if (m.type === 'quote') {
        if (pending.size === 0) requestAnimationFrame(render);
        pending.set(m.symbol, m);
      }
    }
  };
  ws.onclose = () => {
    status.textContent = 'disconnected, retrying…';
    setTimeout(connect, 1000 + Math.random() * 1000);
  };
}
connect();
