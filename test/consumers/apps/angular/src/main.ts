// The app around the README's connect.component.ts (generated next to this file from the README).
// Angular 21 apps are zoneless: no zone.js.
import { bootstrapApplication } from '@angular/platform-browser';
import { ConnectComponent } from './connect.component';

bootstrapApplication(ConnectComponent).catch((error: unknown) => console.error(error));
