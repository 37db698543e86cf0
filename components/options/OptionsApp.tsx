export function OptionsApp() {
  return <main>Antigravity options</main>;
}
