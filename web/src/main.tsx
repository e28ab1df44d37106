// Entry point: mounts the console into #app (index.html holds no script of its own).
import { render } from 'preact';
import '../styles/app.css';
import { App } from './app';

const root = document.getElementById('app');
if (root) render(<App />, root);
