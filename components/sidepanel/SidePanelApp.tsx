export function SidePanelApp() {
  return <main>Antigravity</main>;
}
