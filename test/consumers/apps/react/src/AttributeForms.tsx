// Every valid way to write the elements' attributes, properties and events: tsc must pass it.
import type {} from 'dialog-onboarding/react';
import type { PrepareParameters } from 'dialog-onboarding';

const prepare: PrepareParameters = async ({ partnerId }) => ({ state: partnerId });

export function AttributeForms() {
  return (
    <>
      <dialog-onboarding-button partner-id="p" hub-url="https://hub.example" parameters-url="/api/parameters" prepare-timeout="5000" full-page disabled />
      <dialog-onboarding-button partner-id="p" full-page="true" disabled="" prepare-timeout={5000} />
      <dialog-onboarding-button partner-id="p" full-page={false} queryParameters={{ lang: 'pt' }} prepareParameters={prepare} className="connect" id="connect" />
      <dialog-onboarding-button partner-id="p" onrevoked={(event) => event.detail.channels} ononboarding-cancel={(event) => event.type} />
      <dialog-onboarding-callback return-url="/" opener-origin="https://partner.example" ononboarded={(event) => event.detail.client} />
    </>
  );
}
