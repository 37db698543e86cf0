import { browser } from 'wxt/browser';

type SidePanelApi = {
  setPanelBehavior?: (o: { openPanelOnActionClick: boolean }) => Promise<void>;
  open?: (o: { tabId?: number; windowId?: number }) => Promise<void>;
};
type SidebarApi = { open?: () => Promise<void>; toggle?: () => Promise<void> };

function sidePanel(): SidePanelApi | undefined {
  return (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel;
}
function sidebarAction(): SidebarApi | undefined {
  return (browser as unknown as { sidebarAction?: SidebarApi }).sidebarAction;
}

/** Toolbar icon (and its keyboard command) opens the panel: Chrome side panel, Firefox sidebar. */
export function registerSidePanel(): void {
  const sp = sidePanel();
  if (sp?.setPanelBehavior) {
    void sp.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
    return;
  }
  const sb = sidebarAction();
  if (sb) {
    browser.action?.onClicked.addListener(() => {
      void (sb.toggle ?? sb.open)?.call(sb);
    });
  }
}

/** Opens the panel for a tab; needs a user gesture (a click in the page counts when relayed at once). */
export async function openPanel(
  tabId: number | undefined,
  windowId: number | undefined,
): Promise<void> {
  const sp = sidePanel();
  if (sp?.open) {
    await sp.open(tabId !== undefined ? { tabId } : { windowId });
    return;
  }
  await sidebarAction()?.open?.();
}
