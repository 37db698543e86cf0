import { createRoot } from 'react-dom/client';
import { SidePanelApp } from '@/components/sidepanel/SidePanelApp';

createRoot(document.getElementById('root')!).render(<SidePanelApp />);
