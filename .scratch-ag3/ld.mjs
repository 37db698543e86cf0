const t0 = performance.now();
await import('linkedom');
console.log('linkedom import ms', (performance.now() - t0).toFixed(1));
