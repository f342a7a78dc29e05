// A row's recent price path as an SVG polyline: one point per second at most, the last 60.

const POINTS = 60;
const WIDTH = 80;
const HEIGHT = 20;
const SVG = 'http://www.w3.org/2000/svg';

export class Sparkline {
  constructor() {
    this.values = [];
    this.lastSecond = -1;
    this.dirty = false;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    this.svg.setAttribute('width', WIDTH);
    this.svg.setAttribute('height', HEIGHT);
    this.svg.setAttribute('aria-hidden', 'true');
    this.line = document.createElementNS(SVG, 'polyline');
    this.svg.append(this.line);
  }

  /** Records a price; within the same second it replaces that second's point. */
  add(value, tsMicros) {
    const second = Math.floor(tsMicros / 1e6);
    if (second === this.lastSecond && this.values.length > 0) {
      this.values[this.values.length - 1] = value;
    } else {
      this.values.push(value);
      if (this.values.length > POINTS) this.values.shift();
      this.lastSecond = second;
    }
    this.dirty = true;
  }

  /** Redraws if anything changed since the last draw. */
  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const v = this.values;
    const min = Math.min(...v);
    const span = Math.max(...v) - min || 1;
    const dx = WIDTH / (POINTS - 1);
    const x0 = WIDTH - (v.length - 1) * dx;
    this.line.setAttribute('points', v.map((y, i) =>
      `${(x0 + i * dx).toFixed(1)},${(HEIGHT - 1 - ((y - min) / span) * (HEIGHT - 2)).toFixed(1)}`).join(' '));
    this.line.setAttribute('class', v[v.length - 1] >= v[0] ? 'up' : 'down');
  }
}
