"""`{% dashboard_block block %}`: includes a block's template with the context its function returned.

Like `{% include %}`, but the context comes from the block (a dict), pushed over the page's own
context (request, user, csrf token, language stay available to the block's template).
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_block(context, block):
    block_template = context.template.engine.get_template(block.template)
    with context.push(block.context):
        return block_template.render(context)
