/**
 * A minimal React 19 app using the button the React way: attributes in JSX,
 * `queryParameters={{ email }}` (set as a property), `ononboarded` / `onrevoked` /
 * `ononboarding-cancel` listeners that set state, and the result rendered.
 * Loaded by react.test.tsx once React can load in the test page.
 */
import { useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type {} from '../../src/frameworks/react.js';
import type { OnboardedDetail } from '../../src/index.js';

export interface OnboardingAppProps {
  hubUrl: string;
  redirectUrl: string;
  email: string;
  /** Called from the `ononboarded` handler with the detail it received. */
  onResult?: (detail: OnboardedDetail) => void;
}

export function OnboardingApp({ hubUrl, redirectUrl, email, onResult }: OnboardingAppProps) {
  const [status, setStatus] = useState('waiting');
  const [client, setClient] = useState('');
  const [channels, setChannels] = useState<string[]>([]);
  const [revoked, setRevoked] = useState<string[]>([]);

  return (
    <>
      <dialog-onboarding-button
        partner-id="partnerReact"
        hub-url={hubUrl}
        redirect-url={redirectUrl}
        queryParameters={{ email }}
        ononboarded={(event) => {
          onResult?.(event.detail);
          setClient(event.detail.client);
          setChannels(event.detail.channels);
          setStatus('onboarded');
        }}
        onrevoked={(event) => setRevoked(event.detail.channels)}
        ononboarding-cancel={() => setStatus('cancelled')}
      >
        Connect WhatsApp
      </dialog-onboarding-button>
      <p className="status">{status}</p>
      {channels.length > 0 && (
        <p className="result">
          {client}: {channels.join(', ')}
        </p>
      )}
      {revoked.length > 0 && <p className="revoked">revoked {revoked.join(', ')}</p>}
    </>
  );
}

/** Renders the app into `container`; unmount with the returned root. */
export function mountApp(container: HTMLElement, props: OnboardingAppProps): Root {
  const root = createRoot(container);
  root.render(<OnboardingApp {...props} />);
  return root;
}
