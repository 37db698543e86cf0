import { createRoot } from 'react-dom/client';
import { WelcomeApp } from '@/components/welcome/WelcomeApp';

createRoot(document.getElementById('root')!).render(<WelcomeApp />);
