import { escapeHtml, escapeMarkdown, formatMessage, messageFromNotification } from './format';

describe('message formatting', () => {
  it('escapes user text: markdown markers in robot messages, markup in HTML', () => {
    const m = formatMessage({ kind: 'x', title: '*重点* [链接](http://evil)', paragraphs: ['<script>alert(1)</script> & _斜体_'] });
    expect(m.markdown).toBe('### \\*重点\\* \\[链接\\](http://evil)\n\n\\<script\\>alert(1)\\</script\\> & \\_斜体\\_');
    expect(m.html).toBe('<h3>*重点* [链接](http://evil)</h3>\n<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; _斜体_</p>');
    expect(m.text).toBe('<script>alert(1)</script> & _斜体_');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
    expect(escapeMarkdown('a|b~c`d\\')).toBe('a\\|b\\~c\\`d\\\\');
  });

  it('turns a stored outbox notification into a message for external channels', () => {
    const m = messageFromNotification({
      kind: 'task.assigned',
      title: '新交办任务：汇编',
      body: '《汇编》已交办，请及时签收。',
      payload: { documentId: 'd1' },
    });
    expect(m).toEqual({
      kind: 'task.assigned',
      title: '新交办任务：汇编',
      text: '《汇编》已交办，请及时签收。',
      markdown: '### 新交办任务：汇编\n\n《汇编》已交办，请及时签收。',
      html: '<h3>新交办任务：汇编</h3>\n<p>《汇编》已交办，请及时签收。</p>',
      data: { documentId: 'd1' },
    });
  });
});
