/**
 * A real click (user activation) for tests that call an API a popup blocker guards
 * (`window.open`) directly, without a button of the library's in between.
 */
import { sendMouse } from '@web/test-runner-commands';

/** Runs `action` inside the handler of a real mouse click, and returns what it returned. */
export async function inClick<T>(action: () => T): Promise<T> {
  const target = document.createElement('button');
  target.textContent = 'click';
  target.style.cssText = 'position:fixed;left:0;top:0;width:40px;height:20px;z-index:2147483647';
  let result!: { value: T } | { error: unknown };
  const clicked = new Promise<void>((resolve) =>
    target.addEventListener('click', () => {
      try {
        result = { value: action() };
      } catch (error) {
        result = { error };
      }
      resolve();
    }, { once: true }),
  );
  document.body.append(target);
  try {
    await sendMouse({ type: 'click', position: [20, 10] });
    await clicked;
  } finally {
    target.remove();
  }
  if ('error' in result) throw result.error;
  return result.value;
}
