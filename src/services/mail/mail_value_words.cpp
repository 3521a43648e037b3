// The words a notification shows for a ticket's status and priority, in
// the recipient's language: "Priorität Hoch", not "Priorität high". The
// web UI's words (web/src/locales/*.json, status.* and priority.*), so a
// mail and the page it links to agree; services_test checks they still do.
#include <array>
#include <string_view>

#include "services/mail/mail_templates.h"

namespace escalated::services {
namespace {

constexpr std::array<std::string_view, 13> kKeys = {"status.open",
                                                    "status.in_progress",
                                                    "status.waiting_on_customer",
                                                    "status.waiting_on_agent",
                                                    "status.escalated",
                                                    "status.resolved",
                                                    "status.closed",
                                                    "status.reopened",
                                                    "priority.low",
                                                    "priority.medium",
                                                    "priority.high",
                                                    "priority.urgent",
                                                    "priority.critical"};

struct Words {
  std::string_view locale;
  std::array<std::string_view, 13> words;
};

// clang-format off
constexpr std::array<Words, 14> kWords = {{
  {"ar",
   {"مفتوحة", "قيد المعالجة", "بانتظار العميل", "بانتظار موظف الدعم", "مصعَّدة", "محلولة", "مغلقة", "أعيد فتحها", "منخفضة", "متوسطة", "عالية", "عاجلة", "حرجة"}},
  {"de",
   {"Offen", "In Bearbeitung", "Wartet auf Kunden", "Wartet auf Agent", "Eskaliert", "Gelöst", "Geschlossen", "Wieder geöffnet", "Niedrig", "Mittel", "Hoch", "Dringend", "Kritisch"}},
  {"en",
   {"Open", "In progress", "Waiting on customer", "Waiting on agent", "Escalated", "Resolved", "Closed", "Reopened", "Low", "Medium", "High", "Urgent", "Critical"}},
  {"es",
   {"Abierto", "En curso", "Esperando al cliente", "Esperando al agente", "Escalado", "Resuelto", "Cerrado", "Reabierto", "Baja", "Media", "Alta", "Urgente", "Crítica"}},
  {"fr",
   {"Ouvert", "En cours", "En attente du client", "En attente de l'agent", "Escaladé", "Résolu", "Fermé", "Rouvert", "Basse", "Moyenne", "Haute", "Urgente", "Critique"}},
  {"it",
   {"Aperto", "In lavorazione", "In attesa del cliente", "In attesa dell'agente", "Escalato", "Risolto", "Chiuso", "Riaperto", "Bassa", "Media", "Alta", "Urgente", "Critica"}},
  {"ja",
   {"オープン", "対応中", "顧客の返信待ち", "エージェントの対応待ち", "エスカレーション済み", "解決済み", "クローズ", "再オープン", "低", "中", "高", "緊急", "重大"}},
  {"ko",
   {"열림", "처리 중", "고객 응답 대기", "상담원 응답 대기", "에스컬레이션됨", "해결됨", "종료됨", "다시 열림", "낮음", "보통", "높음", "긴급", "심각"}},
  {"nl",
   {"Open", "In behandeling", "Wacht op klant", "Wacht op agent", "Geëscaleerd", "Opgelost", "Gesloten", "Heropend", "Laag", "Gemiddeld", "Hoog", "Dringend", "Kritiek"}},
  {"pl",
   {"Otwarte", "W toku", "Czeka na klienta", "Czeka na agenta", "Eskalowane", "Rozwiązane", "Zamknięte", "Ponownie otwarte", "Niski", "Średni", "Wysoki", "Pilny", "Krytyczny"}},
  {"pt-BR",
   {"Aberto", "Em andamento", "Aguardando o cliente", "Aguardando o agente", "Escalado", "Resolvido", "Fechado", "Reaberto", "Baixa", "Média", "Alta", "Urgente", "Crítica"}},
  {"ru",
   {"Открыт", "В работе", "Ждёт клиента", "Ждёт агента", "Эскалирован", "Решён", "Закрыт", "Открыт повторно", "Низкий", "Средний", "Высокий", "Срочный", "Критический"}},
  {"tr",
   {"Açık", "İşlemde", "Müşteri bekleniyor", "Temsilci bekleniyor", "Üst seviyeye aktarıldı", "Çözüldü", "Kapatıldı", "Yeniden açıldı", "Düşük", "Orta", "Yüksek", "Acil", "Kritik"}},
  {"zh-CN",
   {"待处理", "处理中", "等待客户回复", "等待客服处理", "已升级", "已解决", "已关闭", "已重新打开", "低", "中", "高", "紧急", "严重"}},
}};
// clang-format on

}  // namespace

std::string_view mail_value_word(std::string_view key, std::string_view locale) {
  const Words* chosen = &kWords[2];  // en
  for (const Words& w : kWords)
    if (w.locale == locale) chosen = &w;
  for (std::size_t i = 0; i < kKeys.size(); ++i)
    if (kKeys[i] == key) return chosen->words[i];
  return {};
}

}  // namespace escalated::services
