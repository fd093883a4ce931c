-- CreateIndex
CREATE INDEX "lending_position_instrument_id_idx" ON "lending_position"("instrument_id");

-- CreateIndex
CREATE INDEX "market_quote_instrument_id_idx" ON "market_quote"("instrument_id");

-- CreateIndex
CREATE INDEX "position_instrument_id_idx" ON "position"("instrument_id");
