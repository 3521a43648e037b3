#include "http/pipeline.h"

namespace escalated::http {

Response Pipeline::run(Exchange& exchange, const Next& terminal) const {
  return step(0, exchange, terminal);
}

Response Pipeline::step(size_t index, Exchange& exchange, const Next& terminal) const {
  if (index == chain_.size()) return terminal(exchange);
  return chain_[index](
      exchange, [this, index, &terminal](Exchange& e) { return step(index + 1, e, terminal); });
}

}  // namespace escalated::http
